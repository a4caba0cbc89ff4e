title "Private remap_pfn_range: a COW page that lands on the remapped pfn looks special without pte_special (<=2.6.26)"
# Question: without a PTE special bit, vm_normal_page() calls a PTE of a COW VM_PFNMAP VMA special when its
# pfn equals vm_pgoff + index. Can an anon COW page land on exactly that pfn? Yes, if the driver frees its
# frame while it is still remapped (a driver bug) and the COW fault allocates that frame: then <=2.6.26 the
# anon page is invisible to vm_normal_page(), so zap leaks it (reference section 16, invariant 1). From
# 2.6.27 x86 has pte_special (a0a8f5364a5a, framework 7e675137a8e1) and the COW page is normal.
era 2.6.26
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device d preset=remap-pfn memory=ram pages=1

# remap_pfn_range() on a COW VMA: vm_pgoff := pfn of d[0] (0x100); raw PTE (special from 2.6.27), no counts
P1: mmap A dev:d private rw
P1: read A[0] == 0
# the driver's put_page(d[0]): count 1 -> 0, freed although A's raw PTE still maps it -> freed-while-mapped
d: release
# do_wp_page(): vm_normal_page() NULL -> copy from the user address into a new page; the allocator hands
# out the frame freed last, d[0] itself: anon, mapcount 1, count 1, LRU, anon_rss 1, PTE -> same pfn.
#  <=2.6.26: pfn == vm_pgoff + 0 -> vm_normal_page() says special: mapcount 1 but no accounted PTE
#    (mapcount-mismatch) and anon_rss 1 with no accounted PTE (rss-mismatch).
#  2.6.27+: the new PTE has no special bit -> a normal anon page, all counts agree.
P1: write A[0] = 5
P1: read A[0] == 5
# zap_pte_range(): <=2.6.26 vm_normal_page() NULL -> PTE cleared, no rmap removal, no put: the page stays
# mapcount 1 and its anon_vma is freed with the VMA (dangling-anon-vma); 2.6.27+: freed normally
P1: munmap A
# quiescence (no process, device released): <=2.6.26 the leaked page holds a count nobody owns (refcount-leak)
P1: exit

expect violation freed-while-mapped
expect until 2.6.26 violation mapcount-mismatch
expect until 2.6.26 violation rss-mismatch
expect until 2.6.26 violation dangling-anon-vma
expect until 2.6.26 violation refcount-leak
expect until 2.6.26 d[0] count=1 mapcount=1 anon lru !free
expect since 2.6.27 d[0] free
