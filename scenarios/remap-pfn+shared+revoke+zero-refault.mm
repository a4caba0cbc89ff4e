title "Stock 2.6.19: a revoked shared remap_pfn_range vma refaults ZERO_PAGE through do_anonymous_page"
# Question: after unmap_mapping_range zaps the raw ptes of a shared remap_pfn_range vma (no ->nopage),
# what does the next read do? handle_pte_fault sends pte_none without nopage/nopfn to do_anonymous_page,
# which maps ZERO_PAGE and counts it (ref, mapcount, file_rss). But in a non-COW VM_PFNMAP vma
# vm_normal_page returns NULL for every pte, so the pte owns nothing and zap never gives it back.
era 2.6.19
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
P1: write A[0] = 3
# zap_pte_range: vm_normal_page NULL -> raw pte cleared, nothing else
io: revoke
# do_anonymous_page read: ZERO_PAGE page_cache_get, file_rss 1, page_add_file_rmap (mapcount 1).
# vm_normal_page(non-COW VM_PFNMAP) = NULL for this pte: mapcount-mismatch (1 vs 0 normal ptes),
# rss-mismatch (file_rss 1 vs 0 normal ptes). The device data is no longer visible here.
P1: read A[0] == 0
# a fresh mapping gets fresh remap_pfn_range ptes: the device still holds 3
P1: mmap B dev:io pages=1 shared rw
P1: read B[0] == 3
# zap: vm_normal_page NULL -> pte cleared; no page_remove_rmap, no put on ZERO_PAGE
P1: munmap A
P1: exit
io: release
# ZERO_PAGE keeps one extra count (and mapcount) that nobody owns -> refcount-leak

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
