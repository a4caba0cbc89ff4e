title "After munlock the same page is swapped out by the next reclaim and swapped back in on access"
# Question: once VM_LOCKED is cleared, does the page (already in the swap cache from the mlocked pass)
# get swapped out, and does swap-in restore the value? Second pass: already in swap cache (no
# add_to_swap), try_to_unmap_one succeeds (swap pte, swap_duplicate), pageout, remove_mapping frees it.
# Across eras: the end state is the same in every era. Only the first pass differs: from 2.6.28
# (b291f000393f "mlock: mlocked pages are unevictable") the mlocked page sits on the unevictable list and
# the first reclaim does nothing; munlock puts it back on an evictable list, and the second reclaim
# does the whole swap-out (add_to_swap included).
era 2.6.19
swap pages=8

P1: mmap A anon pages=1 private rw
P1: write A[0] = 5
P1: mlock A
# X 2/1 in swap cache, still mapped (SWAP_FAIL)
# (2.6.28+: PG_mlocked, unevictable: reclaim leaves X 1/1, not in the swap cache)
reclaim
# munlock: flags only, no count change
# (2.6.28+: munlock_vma_page clears PG_mlocked and puts X back on an evictable LRU list)
P1: munlock A
# try_to_unmap_one: pte -> swap entry (swap_map 2), anon_rss 0, page_remove_rmap, put;
# dirty -> pageout; remove_mapping (count 2 = isolation + cache): swap_free (swap_map 1), X freed
# (2.6.28+: add_to_swap first, then the same)
reclaim
# do_swap_page read: count 2 (pte + swap cache), mapcount 1
# (5.19+: the swap pte's exclusive marker makes the page AnonExclusive; a read fault keeps the swap cache)
P1: read A[0] == 5

expect P1:A[0] count=2 mapcount=1 anon swapcache
expect P1 rss file=0 anon=1
