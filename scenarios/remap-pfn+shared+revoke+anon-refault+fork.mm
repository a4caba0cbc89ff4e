title "Stock 2.6.19: write refault in a revoked shared PFNMAP vma makes an anon page nobody owns (dangling anon_vma)"
# Question: after revoke, a write to a shared remap_pfn_range vma goes to do_anonymous_page: anon_vma_prepare
# and a counted anon page (anon_rss, mapcount 1, LRU). vm_normal_page says NULL (non-COW VM_PFNMAP), so fork
# copies the pte without a reference and zap never unmaps the page. When the last vma goes, anon_vma_unlink
# frees the anon_vma while the page still has mapcount 1 and points to it.
# Across eras: the finding holds until 2.6.26, while x86 has no pte_special. From 2.6.27 (a0a8f5364a5a
# "x86: implement pte_special") vm_normal_page trusts the PTE bit; do_anonymous_page writes a normal PTE,
# so the anon page is counted at the fault, at fork (get_page + page_dup_rmap) and at zap: balanced.
# From 4.2 (6b7339f4c31a "mm: avoid setting up anonymous pages into file mapping")
# do_anonymous_page refuses VM_SHARED vmas: the accesses are SIGBUS and no page is created.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 shared rw
io: revoke
# do_anonymous_page write: anon_vma_prepare, X count 1, mapcount 1, anon, LRU, anon_rss 1.
# vm_normal_page NULL -> mapcount-mismatch, rss-mismatch
# (2.6.27+: a normal PTE, vm_normal_page returns X: consistent; 4.2+: SIGBUS)
P1: write A[0] = 4 -> SIGBUS since 4.2
P1: read A[0] == 4 until 4.1 -> SIGBUS since 4.2
# VM_PFNMAP -> copied; vm_normal_page NULL -> pte copied (shared: not write-protected), no get, no dup, no rss;
# the child vma joins the same anon_vma (anon_vma_link)
# (2.6.27+: X is normal: get_page + page_dup_rmap, X 2/2, child anon_rss 1)
P1: fork P2
P2: read A[0] == 4 until 4.1 -> SIGBUS since 4.2
# zap: NULL -> pte cleared only (X stays 1/1) (2.6.27+: X 1/1)
P1: munmap A
# last vma on the anon_vma: free_pgtables -> anon_vma_unlink frees it; X still mapcount 1, mapping = freed
# anon_vma -> dangling-anon-vma (2.6.27+: X unmapped and freed before the anon_vma goes)
P2: munmap A
P1: exit
P2: exit
io: release
# X count 1 held by nobody -> refcount-leak

# until 2.6.26 (no pte_special on x86): a counted anon page behind a PTE vm_normal_page calls special
expect until 2.6.26 violation mapcount-mismatch
expect until 2.6.26 violation rss-mismatch
expect until 2.6.26 violation dangling-anon-vma
expect until 2.6.26 violation refcount-leak
# 2.6.27+: the PTE is normal, so fault, fork and zap agree (a0a8f5364a5a); 4.2+: no page at all
expect since 2.6.27 no violations
