title "After munlock the same page is swapped out by the next reclaim and swapped back in on access"
# Question: once VM_LOCKED is cleared, does the page (already in the swap cache from the mlocked pass)
# get swapped out, and does swap-in restore the value? Second pass: already in swap cache (no
# add_to_swap), try_to_unmap_one succeeds (swap pte, swap_duplicate), pageout, remove_mapping frees it.
era 2.6.19
swap pages=8

P1: mmap A anon pages=1 private rw
P1: write A[0] = 5
P1: mlock A
# X 2/1 in swap cache, still mapped (SWAP_FAIL)
reclaim
# munlock: flags only, no count change
P1: munlock A
# try_to_unmap_one: pte -> swap entry (swap_map 2), anon_rss 0, page_remove_rmap, put;
# dirty -> pageout; remove_mapping (count 2 = isolation + cache): swap_free (swap_map 1), X freed
reclaim
# do_swap_page read: count 2 (pte + swap cache), mapcount 1
P1: read A[0] == 5

expect P1:A[0] count=2 mapcount=1 anon swapcache
expect P1 rss file=0 anon=1
