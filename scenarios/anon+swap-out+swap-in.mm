title "Swap-out by reclaim and swap-in by do_swap_page (read and write), values preserved"
# Question: what do swap-out and swap-in do to ptes, counts and rss? shrink_page_list: add_to_swap,
# try_to_unmap_one (swap pte, swap_duplicate, anon_rss--, page_remove_rmap, put), pageout, remove_mapping
# (page freed). do_swap_page: swap-cache page (cache ref + pte ref), page_add_anon_rmap, swap_free;
# vm_swap_full() is false (2 of 8 slots) so the page stays in the swap cache: count 2, mapcount 1.
# Across eras: swap-out and the read swap-in are the same in every era. The write swap-in differs:
# from 2.6.29 reuse_swap_page() (7b1fe59793e6 "mm: reuse_swap_page replaces can_share_swap_page")
# deletes the page from the swap cache when it makes it writable (the 2.6.32, 3.7 and 5.9 eras; David
# Hildenbrand's c145e0b47c77 "mm: streamline COW logic in do_swap_page()", 2022, removed it); from 5.19
# (6c287605fd56, 1493a1913e34) the swap PTE's exclusive marker makes the page writable, and the swap
# cache is freed only when page_count is exactly 2 - the per-CPU LRU batch still holds the freshly read
# page, so it stays in the swap cache.
era 2.6.19
swap pages=8

P1: mmap A anon pages=2 private rw
P1: write A[0] = 4
P1: write A[1] = 5
# both pages swapped out and freed; swap_map = 1 (the pte) each; anon_rss 0
# (5.19+: both pages were AnonExclusive: each swap pte carries the exclusive marker)
reclaim
# do_swap_page read: count 2 (pte + swap cache), mapcount 1, anon_rss 1, pte read-only
P1: read A[0] == 4
# do_swap_page write: can_share_swap_page = mapcount 0 + (swap_map 2 - 1) == 1 -> pte made writable
# in place (no do_wp_page copy); page_add_anon_rmap, swap_free -> count 2, mapcount 1, still swap cache
# 2.6.29 to the 5.9 era: reuse_swap_page: the same test, then delete_from_swap_cache: count 1, slot freed
# 5.19+: exclusive marker -> writable, AnonExclusive; should_try_to_free_swap wants page_count 2, finds 3
P1: write A[1] = 6
P1: read A[1] == 6

expect P1:A[0] count=2 mapcount=1 anon swapcache
expect until 2.6.28 P1:A[1] count=2 mapcount=1 anon swapcache
# 2.6.29 to the 5.9 era (eras 2.6.32, 3.7, 5.9): reuse_swap_page frees the swap copy of a page about to be
# redirtied (7b1fe59793e6)
expect since 2.6.29 until 5.18 P1:A[1] count=1 mapcount=1 anon !swapcache
expect since 5.19 P1:A[1] count=2 mapcount=1 anon swapcache exclusive
expect P1 rss file=0 anon=2
