title "AF_PACKET ring after MADV_DONTNEED: the PTE is gone and the VMA has no fault handler, so access is SIGBUS"
# MADV_DONTNEED is allowed on MIXEDMAP; it zaps the inserted PTE (mapcount back to 0, the socket keeps
# the page). The ring's vm_ops have no ->fault, so a fault on the empty PTE is SIGBUS (4.2+). The other
# page is untouched.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2

P1: mmap R dev:ring pages=2 shared rw
P1: write R[0] = 1
P1: madvise R dontneed
P1: read R[0] -> SIGBUS
P1: write R[1] = 2 -> SIGBUS

expect P1:R[0] pte=none
expect P1:R[1] pte=none
expect ring[0] count=1 mapcount=0 value=1
expect no violations
