title "Stock 2.6.19: reclaim swaps out an anon page from a pte that vm_normal_page calls special"
# Question: the anon page created by do_anonymous_page in a revoked shared PFNMAP vma is an ordinary LRU
# anon page with a live anon_vma. Does reclaim take it? Yes: try_to_unmap_one has no VM_PFNMAP/VM_IO test, so
# it replaces a pte that vm_normal_page treats as special with a swap entry. Swap-in puts it back (counted
# again, still special by vm_normal_page).
# Across eras: the finding holds until 2.6.26. From 2.6.27 (a0a8f5364a5a "x86: implement pte_special")
# the anon page sits behind a normal PTE: reclaim and swap-in are the ordinary, consistent ones. From 4.2
# (6b7339f4c31a) the write is SIGBUS: no anon page, nothing to reclaim.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
swap pages=8
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
io: revoke
# X 1/1 anon, anon_rss 1; vm_normal_page NULL -> mapcount-mismatch, rss-mismatch
# (2.6.27+: a normal PTE: consistent; 4.2+: SIGBUS)
P1: write A[0] = 4 -> SIGBUS since 4.2
# add_to_swap; try_to_unmap_anon walks the anon_vma, finds this vma: pte -> swap entry, anon_rss 0,
# page_remove_rmap, put; pageout; freed -> special-page-reclaimed (2.6.27+: an ordinary swap-out)
reclaim
# do_swap_page (swap pte in a VM_PFNMAP vma): count 2 (pte + swap cache), mapcount 1, anon_rss 1;
# the pte is special again for vm_normal_page (2.6.27+: a normal PTE)
P1: read A[0] == 4 until 4.1 -> SIGBUS since 4.2

# until 2.6.26 (no pte_special on x86): the anon page is counted behind a PTE vm_normal_page calls special
expect until 2.6.26 violation mapcount-mismatch
expect until 2.6.26 violation rss-mismatch
expect until 2.6.26 violation special-page-reclaimed
# 2.6.27+: fault, reclaim and swap-in agree on a normal PTE (a0a8f5364a5a); 4.2+: no page at all
expect since 2.6.27 no violations
expect until 4.1 P1:A[0] count=2 mapcount=1 anon swapcache
expect until 4.1 P1 rss file=0 anon=1
# 4.2+: do_anonymous_page refuses VM_SHARED: SIGBUS, no page (6b7339f4c31a)
expect since 4.2 P1:A[0] pte=none
expect since 4.2 P1 rss file=0 anon=0
