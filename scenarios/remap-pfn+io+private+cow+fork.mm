title "remap_pfn_range (memory=io) private: vm_pgoff linear rule, COW from a raw pte copies from the user address"
# Question: how does a private (COW) remap_pfn_range mapping tell raw device ptes from COW copies?
# remap_pfn_range sets vm_pgoff = pfn for COW vmas; vm_normal_page returns NULL when pfn == vm_pgoff + off,
# and the page otherwise. do_wp_page with old_page NULL copies from the user address (cow_user_page) and
# only does anon_rss++. Fork copies VM_PFNMAP vmas: COW anon pages are counted, raw ptes are not.
# Across eras: the same answer in every real era. In 2.6.27+ (a0a8f5364a5a, x86 pte_special) the raw ptes
# are special by their PTE bit and the COW copies are normal PTEs, which agrees with the linear rule here;
# 3.7's remap_pfn_range sets VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP instead of VM_RESERVED (314e51b9851b).
era 2.6.19
# Not run under 2.6.19+reserved: remap_pfn_range sets VM_RESERVED, so the proposal turns the COW copies
# into uncounted specials; reserved-proposal+remap-pfn+private-cow+fork.mm is that question.
eras 2.6.19..   # every real era from 2.6.19 on: a VERSION.. range never includes the hypothetical era
device io preset=remap-pfn pages=2

P1: mmap S dev:io pages=2 shared rw
P1: write S[1] = 9
# COW vma: remap_pfn_range requires full coverage and sets vm_pgoff = first pfn
P1: mmap A dev:io pages=2 private rw
# raw linear pte: reads device memory
P1: read A[1] == 9
# pte present, read-only (private) -> do_wp_page: vm_normal_page NULL (linear) -> "gotten":
# anon_vma_prepare, copy from user address, anon_rss 1; new anon page X 1/1, LRU
P1: write A[0] = 5
# the device frame is untouched
P1: read S[0] == 0
# VM_PFNMAP -> copied. A[0]: COW vma, pfn off the linear rule -> normal anon: get + dup: X 2/2,
# child anon_rss 1. A[1] and S: linear/non-COW -> NULL: copied, no counts (A[1] write-protected)
P1: fork P2
P2: read A[0] == 5
P2: read A[1] == 9
# child COW of a raw pte: NULL -> copy from user address (9) into Y 1/1, child anon_rss 2
P2: write A[1] = 7
P1: read A[1] == 9
P1: read S[1] == 9
P2: read A[1] == 7

expect P1:A[0] count=2 mapcount=2 anon
expect P2:A[1] count=1 mapcount=1 anon
expect P1:A[1] pte=present
expect P2:S[0] pte=present
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=2
