title "Fork while swapped out, both read back: the same frame from the swap cache, shared, not exclusive"
# fork copies the swap PTE (swap_duplicate) and clears the exclusive marker in the parent. The parent's
# read maps the swap-cache page read-only, without AnonExclusive (no marker, refcount 2); the child's read
# maps the same frame (mapcount 2). The swap cache keeps the page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: fork P2
P1: read A[0] == 1
P2: read A[0] == 1

expect P1:A[0] count=3 mapcount=2 anon !exclusive swapcache value=1
expect P2:A[0] count=3 mapcount=2 anon !exclusive swapcache value=1
expect no violations
