title "Fork while swapped out: swap_duplicate at fork, swap-in in each process, COW after swap-in"
# Question: how does fork treat swap ptes, and how do two processes swap the same entry back in?
# copy_one_pte: non-present, not a file pte -> swap_duplicate (swap_map+1), copied, no rss/count.
# do_swap_page: first process reads the page into the swap cache, second finds it (lookup_swap_cache);
# afterwards the page has mapcount 2 and the usual COW rules apply (can_share_swap_page counts swap refs).
# Across eras: fork and both swap-ins are the same in every era; the parent's final write differs in how it
# treats the swap cache. 2.6.29's reuse_swap_page() (7b1fe59793e6, Hugh Dickins, "mm: reuse_swap_page
# replaces can_share_swap_page") reuses the page AND deletes it from the swap cache; 5.9's refcount rule
# (09854ba94c6a) counts the swap cache's reference and copies; 5.19's wp_can_reuse frees the swap cache
# first and then reuses (6c287605fd56). Each way, P1 ends with a page of its own outside the swap cache.
era 2.6.19
swap pages=8

P1: mmap A anon pages=1 private rw
# X 1/1 (vma gets its anon_vma)
P1: write A[0] = 11
# swapped out: pte = swap entry e, swap_map[e] = 1, X freed, anon_rss 0
reclaim
# anon_vma -> copied: swap_duplicate: swap_map[e] = 2
P1: fork P2
# child do_swap_page: read into swap cache (swap_map 3), pte, page_add_anon_rmap, swap_free (2):
# Z count 2 (child pte + cache), mapcount 1, child anon_rss 1
P2: read A[0] == 11
# parent do_swap_page: lookup_swap_cache (+1): Z 3/2, swap_free -> swap_map 1 (cache only)
P1: read A[0] == 11
# child do_wp_page: mapcount 2 -> copy: child W 1/1; Z: remove_rmap (1), temp get + two puts: 2/1
# (5.9+: page_count 3 -> the same copy)
P2: write A[0] = 22
# parent do_wp_page: mapcount 1, in swap cache: 1 + (swap_map 1 - 1) == 1 -> reuse Z in place
# 2.6.29-5.8 (7b1fe59793e6): reuse_swap_page: the same test, then delete_from_swap_cache: Z 1/1, slot freed
# 5.9 era: page_count 2 (pte + swap cache) != 1 -> copy: P1 gets Z' 1/1; Z stays in the swap cache, unmapped
# 5.19+: not AnonExclusive; refcount 2 <= 1 + swapcache -> folio_free_swap (no swap pte left): 1 -> reuse
P1: write A[0] = 33
P1: read A[0] == 33
P2: read A[0] == 22

expect until 2.6.28 P1:A[0] count=2 mapcount=1 anon swapcache
# 2.6.29+ (eras 2.6.32 onwards): P1's page is no longer in the swap cache (7b1fe59793e6, 09854ba94c6a,
# 6c287605fd56; see the comment at the write)
expect since 2.6.29 P1:A[0] count=1 mapcount=1 anon !swapcache value=33
expect P2:A[0] count=1 mapcount=1 anon !swapcache
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
