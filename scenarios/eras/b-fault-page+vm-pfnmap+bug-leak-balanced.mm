title "->fault returning a struct page in a VM_PFNMAP VMA: BUG (2.6.23-2.6.25), a leak without pte_special (2.6.26), balanced with it (2.6.27+)"
# Question: a driver marks its VMA VM_PFNMAP but its ->fault hands back a refcounted page instead of
# inserting a pfn. What happens at the fault and at munmap? 2.6.23-2.6.25: __do_fault() BUG_ON(VM_PFNMAP).
# 2.6.26 (42172d751b45 drops the BUG_ON; x86 has no pte_special): the page is mapped and counted, but
# vm_normal_page() calls every PTE of a non-COW PFNMAP special, so zap never gives the count back.
# 2.6.27+ (a0a8f5364a5a): the PTE is not special, vm_normal_page() returns the page: balanced.
era 2.6.26
device d fault=fault memory=ram flags=VM_PFNMAP pages=1

P1: mmap A dev:d shared rw
# 2.6.23-2.6.25: __do_fault(): BUG_ON(vma->vm_flags & VM_PFNMAP) before ->fault is called (54cb8821de07).
# 2.6.26+: ->fault returns d[0] with a reference (2/0), shared write: no early COW; page_add_file_rmap,
# file_rss 1, a normal (non-special) PTE: d[0] 2/1
P1: write A[0] = 9 -> BUG until 2.6.25
P1: read A[0] == 9
# zap_pte_range(): vm_normal_page():
#   2.6.26, no pte_special: VM_PFNMAP, pfn 0x100 != vm_pgoff 0 + 0 but the VMA is not COW -> NULL:
#         the PTE is cleared with no rss, rmap or put: d[0] stays 2/1, P1 file_rss stays 1
#   2.6.27+: the PTE is not special -> the page: file_rss 0, d[0] 1/0
P1: munmap A
P1: exit
# the driver's own put: 2.6.26 leaves count 1 that nobody owns; 2.6.27+ frees the page
d: release

expect since 2.6.23 until 2.6.25 violation kernel-bug
expect since 2.6.23 until 2.6.25 d[0] count=1 mapcount=0
expect since 2.6.26 until 2.6.26 violation mapcount-mismatch
expect since 2.6.26 until 2.6.26 violation rss-mismatch
expect since 2.6.26 until 2.6.26 violation refcount-leak
expect since 2.6.26 until 2.6.26 d[0] count=1 mapcount=1 value=9
expect since 2.6.27 d[0] free
