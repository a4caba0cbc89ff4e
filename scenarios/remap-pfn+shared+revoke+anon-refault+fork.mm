title "Stock 2.6.19: write refault in a revoked shared PFNMAP vma makes an anon page nobody owns (dangling anon_vma)"
# Question: after revoke, a write to a shared remap_pfn_range vma goes to do_anonymous_page: anon_vma_prepare
# and a counted anon page (anon_rss, mapcount 1, LRU). vm_normal_page says NULL (non-COW VM_PFNMAP), so fork
# copies the pte without a reference and zap never unmaps the page. When the last vma goes, anon_vma_unlink
# frees the anon_vma while the page still has mapcount 1 and points to it.
era 2.6.19
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
io: revoke
# do_anonymous_page write: anon_vma_prepare, X count 1, mapcount 1, anon, LRU, anon_rss 1.
# vm_normal_page NULL -> mapcount-mismatch, rss-mismatch
P1: write A[0] = 4
P1: read A[0] == 4
# VM_PFNMAP -> copied; vm_normal_page NULL -> pte copied (shared: not write-protected), no get, no dup, no rss;
# the child vma joins the same anon_vma (anon_vma_link)
P1: fork P2
P2: read A[0] == 4
# zap: NULL -> pte cleared only (X stays 1/1)
P1: munmap A
# last vma on the anon_vma: free_pgtables -> anon_vma_unlink frees it; X still mapcount 1, mapping = freed
# anon_vma -> dangling-anon-vma
P2: munmap A
P1: exit
P2: exit
io: release
# X count 1 held by nobody -> refcount-leak

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation dangling-anon-vma
expect violation refcount-leak
