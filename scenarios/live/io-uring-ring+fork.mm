title "io_uring SQ ring (vm_insert_pages, VM_DONTEXPAND|VM_MIXEDMAP) across fork"
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1
P1: mmap R dev:uring pages=1 shared rw
P1: fork P2
P2: munmap R
P1: read R[0]
