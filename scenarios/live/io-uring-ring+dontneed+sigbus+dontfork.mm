title "io_uring ring: MADV_DONTFORK keeps it from the child; MADV_DONTNEED zaps it and a later access is SIGBUS"
# The ring VMA has no ->fault (pages are inserted at mmap time), so once MADV_DONTNEED has zapped the
# PTE, a fault there is SIGBUS. VM_DONTCOPY keeps the VMA out of the child entirely.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1

P1: mmap R dev:uring pages=1 shared rw
P1: madvise R dontfork
P1: fork P2
P2: read R[0] -> SIGSEGV
P1: madvise R dontneed
P1: read R[0] -> SIGBUS

expect P1:R[0] pte=none
expect uring[0] count=1 mapcount=0
expect no violations
