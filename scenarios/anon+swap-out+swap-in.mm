title "Swap-out by reclaim and swap-in by do_swap_page (read and write), values preserved"
# Question: what do swap-out and swap-in do to ptes, counts and rss? shrink_page_list: add_to_swap,
# try_to_unmap_one (swap pte, swap_duplicate, anon_rss--, page_remove_rmap, put), pageout, remove_mapping
# (page freed). do_swap_page: swap-cache page (cache ref + pte ref), page_add_anon_rmap, swap_free;
# vm_swap_full() is false (2 of 8 slots) so the page stays in the swap cache: count 2, mapcount 1.
era 2.6.19
swap pages=8

P1: mmap A anon pages=2 private rw
P1: write A[0] = 4
P1: write A[1] = 5
# both pages swapped out and freed; swap_map = 1 (the pte) each; anon_rss 0
reclaim
# do_swap_page read: count 2 (pte + swap cache), mapcount 1, anon_rss 1, pte read-only
P1: read A[0] == 4
# do_swap_page write: can_share_swap_page = mapcount 0 + (swap_map 2 - 1) == 1 -> pte made writable
# in place (no do_wp_page copy); page_add_anon_rmap, swap_free -> count 2, mapcount 1, still swap cache
P1: write A[1] = 6
P1: read A[1] == 6

expect P1:A[0] count=2 mapcount=1 anon swapcache
expect P1:A[1] count=2 mapcount=1 anon swapcache
expect P1 rss file=0 anon=2
