title "AF_PACKET ring shared by fork: parent munmap, child MADV_DONTNEED, then the child gets SIGBUS"
# Each process's zap drops one mapcount of the ring pages; the socket keeps them. With both PTEs gone the
# child's VMA (no ->fault) can only SIGBUS; a store by nobody reaches the pages any more.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2

P1: mmap R dev:ring pages=2 shared rw
P1: write R[1] = 4
P1: fork P2
P1: munmap R
P2: read R[1] == 4
P2: madvise R dontneed
P2: read R[1] -> SIGBUS

expect ring[1] count=1 mapcount=0 value=4
expect P2:R[1] pte=none
expect no violations
