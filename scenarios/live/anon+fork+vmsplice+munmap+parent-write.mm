title "vmsplice after fork (CVE-2020-29374 shape): the child's pipe keeps the data it spliced, not the parent's later write"
# The child vmsplices (FOLL_GET) a page it shares with the parent, then unmaps it. The parent's write
# finds mapcount 1 but refcount 2 (the pipe) and AnonExclusive clear: wp_can_reuse_anon_folio refuses,
# so the parent copies. The pipe still reads the old data. (Until 5.7 mapcount-based reuse let the
# parent write into the page the child's pipe holds.)
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: gup A[0] read as H
P2: munmap A
P1: write A[0] = 2
P2: readref H == 1
P1: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] pte=none
expect no violations
