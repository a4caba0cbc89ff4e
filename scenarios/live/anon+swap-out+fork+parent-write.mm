title "Fork while swapped out, the parent writes: it gets a private copy, the child swaps in the old data"
# The parent's write fault on a swap entry that the child also references (swap count 2, no marker):
# do_swap_page maps the swap-cache page read-only and do_wp_page copies (refcount > 1). The child's
# read then maps the swap-cache page with the old value.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: fork P2
P1: write A[0] = 2
P2: read A[0] == 1
P1: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive !swapcache value=2
expect P2:A[0] count=2 mapcount=1 anon !exclusive swapcache value=1
expect no violations
