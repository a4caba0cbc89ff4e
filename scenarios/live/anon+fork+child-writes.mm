title "Anonymous COW after fork, the child writes: the child gets a copy, the parent keeps the old page"
# cow.c test_cow_in_parent shape, reversed roles: after fork the child's store must not reach the parent.
# 6.18: fork clears PageAnonExclusive and write-protects both PTEs (copy_present_ptes); the child's write
# fault finds a non-exclusive page with refcount 2 and copies (wp_page_copy); the parent's page is left
# mapcount 1 but still not exclusive until its own next write fault reuses it (wp_can_reuse_anon_folio).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: fork P2
P2: read A[0] == 1
P2: write A[0] = 10
P1: read A[0] == 1
P2: read A[1] == 2
P1: read A[1] == 2

expect P1:A[0] count=1 mapcount=1 anon !exclusive value=1
expect P2:A[0] count=1 mapcount=1 anon exclusive value=10
expect P1:A[1] count=2 mapcount=2 anon !exclusive value=2
expect P2:A[1] count=2 mapcount=2 anon !exclusive value=2
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
expect no violations
