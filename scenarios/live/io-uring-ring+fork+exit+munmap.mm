title "io_uring SQ ring across fork, child exit and munmap: inserted pages copied at fork, mapcount back to 0"
# io_uring_mmap inserts its ring pages with vm_insert_pages (VM_MIXEDMAP, VM_DONTEXPAND): present right
# after mmap, file rmap, mapcount 1. Fork copies the PTE (mapcount 2); exit and munmap each drop one
# mapping. The pages stay allocated by the ring until its fd is closed.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1

P1: mmap R dev:uring pages=1 shared rw
P1: fork P2
P2: read R[0]
P2: exit
P1: munmap R
P1: read R[0] -> SIGSEGV

expect uring[0] count=1 mapcount=0
expect P1:R[0] pte=none
expect no violations
