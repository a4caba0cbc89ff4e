title "AF_PACKET ring (vm_insert_page, VM_MIXEDMAP) across fork and munmap"
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2
P1: mmap R dev:ring pages=2 shared rw
P1: write R[0] = 3
P1: fork P2
P2: read R[0] == 3
P1: munmap R
P2: read R[1] == 0
P2: exit
