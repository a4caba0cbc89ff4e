title "Stock 2.6.19: a revoked shared remap_pfn_range vma refaults ZERO_PAGE through do_anonymous_page"
# Question: after unmap_mapping_range zaps the raw ptes of a shared remap_pfn_range vma (no ->nopage),
# what does the next read do? handle_pte_fault sends pte_none without nopage/nopfn to do_anonymous_page,
# which maps ZERO_PAGE and counts it (ref, mapcount, file_rss). But in a non-COW VM_PFNMAP vma
# vm_normal_page returns NULL for every pte, so the pte owns nothing and zap never gives it back.
# Across eras:
# - 2.6.24-2.6.26 (557ed1fa2620 "remove ZERO_PAGE"; x86 has no pte_special before 2.6.27): the read
#   allocates a counted anon page (anon_vma, LRU) behind a pte vm_normal_page calls special: the same
#   mismatches, the anon_vma is freed under the still-mapped page at munmap (dangling-anon-vma), and the
#   page leaks instead of ZERO_PAGE's count.
# - 2.6.27-2.6.31 (a0a8f5364a5a "x86: implement pte_special"): vm_normal_page reads the PTE's special bit.
#   do_anonymous_page writes a normal PTE, so the anon page is counted consistently and munmap frees it.
# - 2.6.32-4.1 (a13ea5b75964 "mm: reinstate ZERO_PAGE"): the read maps a special zero PTE: nothing counted,
#   nothing to give back. Balanced.
# - 4.2+ (6b7339f4c31a): do_anonymous_page refuses a VM_SHARED vma: SIGBUS.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
P1: write A[0] = 3
# zap_pte_range: vm_normal_page NULL -> raw pte cleared, nothing else
io: revoke
# do_anonymous_page read: ZERO_PAGE page_cache_get, file_rss 1, page_add_file_rmap (mapcount 1).
# vm_normal_page(non-COW VM_PFNMAP) = NULL for this pte: mapcount-mismatch (1 vs 0 normal ptes),
# rss-mismatch (file_rss 1 vs 0 normal ptes). The device data is no longer visible here.
# 2.6.24-2.6.26: anon page X 1/1, anon_rss 1, vm_normal_page NULL: the same two mismatches
# 2.6.27-2.6.31: X 1/1 behind a normal PTE: counted and accounted; 2.6.32-4.1: special zero PTE; 4.2+: SIGBUS
P1: read A[0] == 0 until 4.1 -> SIGBUS since 4.2
# a fresh mapping gets fresh remap_pfn_range ptes: the device still holds 3
P1: mmap B dev:io pages=1 shared rw
P1: read B[0] == 3
# zap: vm_normal_page NULL -> pte cleared; no page_remove_rmap, no put on ZERO_PAGE
# 2.6.24-2.6.26: X stays 1/1; the last vma of its anon_vma goes: anon_vma_unlink frees it -> dangling-anon-vma
# 2.6.27-2.6.31: X is a normal page: page_remove_rmap, put, freed
P1: munmap A
P1: exit
io: release
# ZERO_PAGE keeps one extra count (and mapcount) that nobody owns -> refcount-leak
# (2.6.24-2.6.26: X, count 1, held by nobody -> refcount-leak)

# until 2.6.26 (no pte_special on x86): do_anonymous_page counts what vm_normal_page calls special
expect until 2.6.26 violation mapcount-mismatch
expect until 2.6.26 violation rss-mismatch
expect until 2.6.26 violation refcount-leak
# 2.6.24-2.6.26: the leaked page is an anon page whose anon_vma died with the vma (557ed1fa2620)
expect since 2.6.24 until 2.6.26 violation dangling-anon-vma
# 2.6.27+: a normal anon PTE (a0a8f5364a5a), a special zero PTE (a13ea5b75964), then SIGBUS (6b7339f4c31a)
expect since 2.6.27 no violations
