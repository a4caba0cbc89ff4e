title "Write after swap-in: reuse and keep the swap cache (<=2.6.28), reuse and drop it (2.6.29-5.8), copy (5.9), reuse (5.19+)"
# Question: an anon page is swapped out and read back in (it stays in the swap cache: vm_swap_full() is
# false), then written. Is it reused, and what happens to its swap-cache reference? <=2.6.28
# can_share_swap_page() (mapcount + other swap users == 1) reuses and leaves the cache alone. 2.6.29
# (7b1fe59793e6 "mm: reuse_swap_page replaces can_share_swap_page") reuses and deletes it from the swap
# cache. 5.9 (09854ba94c6a): page_count 2 (PTE + swap cache) -> copy. 5.19+: AnonExclusive -> reuse.
era 3.7
swap pages=8

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1 (5.19+: AnonExclusive)
P1: write A[0] = 1
# shrink_page_list(): add_to_swap, try_to_unmap (swap PTE; 5.19+ the swap PTE keeps the exclusive
# marker, 1493a1913e34), pageout; next pass frees the clean swap-cache page. X is freed.
reclaim
# do_swap_page() read fault: new page S in the swap cache, count 2 (cache + PTE), mapcount 1, read-only
# PTE, swap_free(entry); vm_swap_full() false -> stays in the swap cache. 5.19+: exclusive marker ->
# RMAP_EXCLUSIVE.
P1: read A[0] == 1
# do_wp_page() on S:
#  <=2.6.28 can_share_swap_page(): mapcount 1 + page_swapcount 0 == 1 -> reuse; S stays in the swap cache.
#  2.6.29-5.8 reuse_swap_page(): the same test, and count == 1 && !PageWriteback -> delete_from_swap_cache()
#    + SetPageDirty: S 1/1, no swap cache (the slot is freed).
#  5.9-5.18: page_count 2 != 1 -> copy into N 1/1; S 1/0 stays in the swap cache (53a05ad9f21d, which frees
#    the swap cache first, came with the 5.19 series).
#  5.19+: PageAnonExclusive(S) -> reuse at once; the swap cache is not touched.
P1: write A[0] = 2
P1: read A[0] == 2

expect until 2.6.28 P1:A[0] count=2 mapcount=1 anon swapcache value=2
expect since 2.6.29 until 5.8 P1:A[0] count=1 mapcount=1 anon !swapcache dirty value=2
expect since 5.9 until 5.18 P1:A[0] count=1 mapcount=1 anon !swapcache value=2
expect since 5.19 P1:A[0] count=2 mapcount=1 anon swapcache exclusive value=2
expect P1 rss file=0 anon=1
expect no violations
