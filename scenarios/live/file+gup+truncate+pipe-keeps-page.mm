title "A page a pipe holds outlives its truncation: the pipe still reads it, the mapping gets SIGBUS"
# vmsplice() takes a reference (FOLL_GET); truncate_inode_pages() takes the page out of the page cache and
# drops only the cache's reference, so the page lives on with its data until the pipe lets go.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap F file:data pages=2 shared rw
P1: write F[1] = 5
P1: gup F[1] read as H
P1: truncate file:data pages=1
P1: readref H == 5
P1: putref H
P1: read F[1] -> SIGBUS

expect P1:F[1] pte=none
expect no violations
