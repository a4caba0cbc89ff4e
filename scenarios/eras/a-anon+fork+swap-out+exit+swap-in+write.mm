title "Shared page swapped out, child exits, parent swaps it in and writes: who frees the swap cache, who copies?"
# Question: after fork (which clears AnonExclusive) the page is swapped out from both processes, the child
# exits, and the parent reads the page back (it stays in the swap cache) and writes it. The page is not
# AnonExclusive, so 5.19+ must prove exclusivity by refcount: wp_can_reuse_anon_folio() allows the swap-cache
# reference, frees the swap cache and reuses (6c287605fd56 series, 53a05ad9f21d). 5.9-5.18 copy
# (page_count 2, 09854ba94c6a). <=5.8 reuse by mapcount + swap count, 2.6.29+ also dropping the swap
# cache (7b1fe59793e6); <=2.6.28 the page stays in the swap cache.
era 5.19
swap pages=8

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1 (5.19+: AnonExclusive)
P1: write A[0] = 1
# copy_present_pte(): X 2/2, read-only; 5.19 clears AnonExclusive
P1: fork P2
# shrink_page_list(): add_to_swap, try_to_unmap from both (two swap PTEs; no exclusive marker since X is
# not AnonExclusive), pageout, then the clean swap-cache page is freed: swap_map 2
reclaim
# exit_mmap(): zap_pte_range() frees P2's swap entry: swap_map 1
P2: exit
# do_swap_page() read: S in the swap cache, count 2 (cache + PTE), mapcount 1, read-only; swap_free(entry);
# not vm_swap_full() -> S stays in the swap cache. 5.19+: no exclusive marker and page_count 2 != 1 ->
# mapped without RMAP_EXCLUSIVE.
P1: read A[0] == 1
# do_wp_page() on S:
#  <=2.6.28 can_share_swap_page(): mapcount 1 + page_swapcount 0 == 1 -> reuse, S stays in the swap cache.
#  2.6.29-5.8 reuse_swap_page(): the same test, then delete_from_swap_cache() + SetPageDirty -> S 1/1.
#  5.9-5.18: page_count 2 != 1 -> copy into N 1/1; S 1/0 (swap cache only).
#  5.19+: not AnonExclusive -> wp_can_reuse_anon_folio(): count 2 <= 3; count <= 1 + swapcache;
#    trylock; folio_free_swap() (no other swap user) -> count 1 -> reuse and set AnonExclusive.
P1: write A[0] = 2
P1: read A[0] == 2

expect until 2.6.28 P1:A[0] count=2 mapcount=1 anon swapcache value=2
expect since 2.6.29 until 5.8 P1:A[0] count=1 mapcount=1 anon !swapcache value=2
expect since 5.9 until 5.18 P1:A[0] count=1 mapcount=1 anon !swapcache value=2
expect since 5.19 P1:A[0] count=1 mapcount=1 anon !swapcache exclusive value=2
expect P1 rss file=0 anon=1
expect no violations
