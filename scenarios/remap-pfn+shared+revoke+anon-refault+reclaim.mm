title "Stock 2.6.19: reclaim swaps out an anon page from a pte that vm_normal_page calls special"
# Question: the anon page created by do_anonymous_page in a revoked shared PFNMAP vma is an ordinary LRU
# anon page with a live anon_vma. Does reclaim take it? Yes: try_to_unmap_one has no VM_PFNMAP/VM_IO test, so
# it replaces a pte that vm_normal_page treats as special with a swap entry. Swap-in puts it back (counted
# again, still special by vm_normal_page).
era 2.6.19
swap pages=8
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
io: revoke
# X 1/1 anon, anon_rss 1; vm_normal_page NULL -> mapcount-mismatch, rss-mismatch
P1: write A[0] = 4
# add_to_swap; try_to_unmap_anon walks the anon_vma, finds this vma: pte -> swap entry, anon_rss 0,
# page_remove_rmap, put; pageout; freed -> special-page-reclaimed
reclaim
# do_swap_page (swap pte in a VM_PFNMAP vma): count 2 (pte + swap cache), mapcount 1, anon_rss 1;
# the pte is special again for vm_normal_page
P1: read A[0] == 4

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation special-page-reclaimed
expect P1:A[0] count=2 mapcount=1 anon swapcache
expect P1 rss file=0 anon=1
