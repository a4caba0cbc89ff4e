title "mlock keeps an anonymous page mapped through reclaim (but it is added to the swap cache first)"
# Question: does reclaim touch mlocked anonymous pages? try_to_unmap_one returns SWAP_FAIL for VM_LOCKED,
# so the pte stays and the page is activated. But shrink_page_list calls add_to_swap BEFORE try_to_unmap:
# the page gets a swap slot and a swap-cache reference (count 2) and keeps them. MADV_DONTNEED is
# refused on VM_LOCKED (madvise_dontneed -EINVAL).
era 2.6.19
swap pages=8

P1: mmap A anon pages=1 private rw
# X 1/1
P1: write A[0] = 5
# mlock_fixup: VM_LOCKED; make_pages_present finds the writable pte present: nothing changes
P1: mlock A
# add_to_swap: X 2/1 + PG_swapcache; try_to_unmap_one: VM_LOCKED -> SWAP_FAIL -> activate_locked
reclaim
P1: read A[0] == 5
P1: madvise A dontneed -> EINVAL

expect P1:A[0] count=2 mapcount=1 anon swapcache
expect P1:A[0] pte=present
expect P1 rss file=0 anon=1
