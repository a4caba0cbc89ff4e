title "mlock()ed COW page in a remap_pfn_range() VMA under reclaim: swap wasted (<=2.6.24), activated without swap (2.6.25-2.6.27), swapped out (2.6.28+)"
# Question: mlock() on a VM_IO|VM_PFNMAP mapping succeeds in every era, but does it lock anything? Until
# 2.6.27 mlock_fixup() sets VM_LOCKED on any VMA and only skips the prefault for VM_IO, so an anonymous
# COW page inside the VMA cannot be unmapped by reclaim (try_to_unmap_one(): VM_LOCKED -> SWAP_FAIL).
# From 2.6.28 (b291f000393f) VM_IO|VM_PFNMAP VMAs are left alone (3.7+: all of VM_SPECIAL, 314e51b9851b),
# so reclaim swaps the COW page out.
era 2.6.28
# the 2006 proposal (2.6.19+reserved) treats the COW page of this VM_RESERVED VMA as special; the
# scenario is about the real eras
eras 2.6.19..
device io preset=remap-pfn pages=1
swap pages=4

# remap_pfn_range() on a COW VMA: covers it whole, vm_pgoff := pfn, VM_IO|VM_PFNMAP (+VM_RESERVED <=3.6)
P1: mmap A dev:io private rw
# do_wp_page(): vm_normal_page() NULL (linear pfn <=2.6.26; special PTE 2.6.27+) -> copy from the user
# address into a new anon page X 1/1 (anon_vma_prepare, LRU), anon_rss 1, then the store
P1: write A[0] = 6
# <=2.6.27: VM_LOCKED set, make_pages_present() skipped for VM_IO -> 0.
# 2.6.28-3.6: "vma->vm_flags & (VM_IO | VM_PFNMAP)" -> goto out, no VM_LOCKED -> 0.
# 3.7+: VM_SPECIAL -> no VM_LOCKED; __mm_populate() skips VM_IO|VM_PFNMAP -> 0.
P1: mlock A
# madvise_dontneed(): VM_PFNMAP (and VM_LOCKED <=2.6.27) -> -EINVAL in every era
P1: madvise A dontneed -> EINVAL
# shrink_page_list() on X (the only LRU page):
#   2.6.19-2.6.24: page_referenced() ignores VM_LOCKED; add_to_swap() gives X a swap slot and the swap
#                  cache reference, then try_to_unmap_one(): VM_LOCKED -> SWAP_FAIL -> activate.
#                  X stays mapped: count 2 (PTE + swap cache), mapcount 1, PG_swapcache
#   2.6.25-2.6.27 (5a9bbdcd29 "mm: don't waste swap on locked pages"): page_referenced_one() counts a
#                  VM_LOCKED VMA as a reference -> activate_locked before add_to_swap(): X 1/1, no swap
#   2.6.28+: no VM_LOCKED: try_to_unmap_one() succeeds: swap PTE, anon_rss 0, X written out and freed
reclaim

expect until 2.6.24 P1:A[0] pte=present anon count=2 mapcount=1 swapcache value=6
expect since 2.6.25 until 2.6.27 P1:A[0] pte=present anon count=1 mapcount=1 !swapcache value=6
expect since 2.6.28 P1:A[0] pte=swap
expect until 2.6.27 P1 rss file=0 anon=1
expect since 2.6.28 P1 rss file=0 anon=0
expect io[0] value=0
expect no violations
