title "mlock keeps an anonymous page mapped through reclaim (but it is added to the swap cache first)"
# Question: does reclaim touch mlocked anonymous pages? try_to_unmap_one returns SWAP_FAIL for VM_LOCKED,
# so the pte stays and the page is activated. But shrink_page_list calls add_to_swap BEFORE try_to_unmap:
# the page gets a swap slot and a swap-cache reference (count 2) and keeps them. MADV_DONTNEED is
# refused on VM_LOCKED (madvise_dontneed -EINVAL).
# Across eras: the page stays mapped in every era, but from 2.6.28 ("mlock: mlocked pages are
# unevictable", b291f000393f) mlock_vma_page() sets PG_mlocked and moves the page to the unevictable
# list, and shrink_page_list() culls a page that is not page_evictable() (or that try_to_munlock() finds
# mlocked) before add_to_swap(): the page never gets a swap slot.
era 2.6.19
swap pages=8

P1: mmap A anon pages=1 private rw
# X 1/1
P1: write A[0] = 5
# mlock_fixup: VM_LOCKED; make_pages_present finds the writable pte present: nothing changes
# (2.6.28+: __mlock_vma_pages_range -> mlock_vma_page: PG_mlocked, unevictable list)
P1: mlock A
# add_to_swap: X 2/1 + PG_swapcache; try_to_unmap_one: VM_LOCKED -> SWAP_FAIL -> activate_locked
# (2.6.28+: not on an evictable LRU list; and shrink_page_list's page_evictable() test comes before
# add_to_swap: nothing happens, X stays 1/1)
reclaim
P1: read A[0] == 5
P1: madvise A dontneed -> EINVAL

expect until 2.6.24 P1:A[0] count=2 mapcount=1 anon swapcache
# 2.6.25+: page_referenced_one() counts the VM_LOCKED VMA as a reference, so shrink_page_list() activates
# the page before add_to_swap() (5a9bbdcd29ad "mm: don't waste swap on locked pages", 2.6.25-rc1);
# 2.6.28+: mlocked pages are unevictable and culled before that (b291f000393f)
expect since 2.6.25 P1:A[0] count=1 mapcount=1 anon !swapcache
expect P1:A[0] pte=present
expect P1 rss file=0 anon=1
