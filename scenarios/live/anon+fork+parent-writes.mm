title "Anonymous COW after fork, the parent writes: the parent gets a copy, the child keeps the old data"
# cow.c test_cow_in_parent: the parent's store after fork must not be seen by the child.
# 6.18: the shared page is not AnonExclusive and has refcount 2, so do_wp_page() copies for the writer
# (wp_page_copy, RMAP_EXCLUSIVE); the child keeps the old frame, now mapcount 1 but not exclusive.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P1: write A[0] = 2
P2: read A[0] == 1
P1: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] count=1 mapcount=1 anon !exclusive value=1
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
expect no violations
