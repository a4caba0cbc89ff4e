title "io_uring SQ ring (vm_insert_pages, VM_DONTEXPAND|VM_MIXEDMAP) across fork"
era 6.18
device uring preset=io-uring-ring pages=1
P1: mmap R dev:uring pages=1 shared rw
P1: fork P2
P2: munmap R
P1: read R[0]
