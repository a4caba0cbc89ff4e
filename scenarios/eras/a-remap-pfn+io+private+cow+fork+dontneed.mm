title "Private remap_pfn_range over I/O memory: COW from the raw PTE, fork, MADV_DONTNEED refused, across eras"
# Question: a MAP_PRIVATE remap_pfn_range() mapping of memory without struct pages: how is a raw PTE
# told from a COW copy, what does fork copy, and can the mapping be MADV_DONTNEEDed? <=2.6.26 (x86 has no
# pte_special): vm_normal_page()'s vm_pgoff linear rule; 2.6.27+ (a0a8f5364a5a): the special bit. In every
# era the VMA is VM_PFNMAP (plus VM_IO|VM_RESERVED <=3.6, VM_IO|VM_DONTEXPAND|VM_DONTDUMP 3.7+, 314e51b9851b),
# so fork always copies it and MADV_DONTNEED returns EINVAL. The counts and values are the same in all
# real eras; only PageAnonExclusive (5.19+) is new.
era 2.6.27
# The 2006 proposal (2.6.19+reserved) treats every PTE of this VM_RESERVED VMA as special, COW copies
# included; reserved-proposal+remap-pfn+private-cow+fork.mm covers it.
eras 2.6.19..
device io preset=remap-pfn pages=2

P1: mmap S dev:io shared rw
P1: write S[1] = 9
# remap_pfn_range() on a COW VMA: must cover the whole VMA, vm_pgoff := first pfn; raw PTEs, no counts
# (special PTEs from 2.6.27 via pte_mkspecial in remap_pte_range)
P1: mmap A dev:io private rw
P1: read A[1] == 9
# do_wp_page(): vm_normal_page() NULL (<=2.6.26: pfn == vm_pgoff + index; 2.6.27+: pte_special) -> copy from
# the user address (cow_user_page with no source page, reads device frame 0 = 0), store 5:
# anon_vma_prepare, new anon X 1/1 on the LRU, anon_rss 1 (5.19+: RMAP_EXCLUSIVE)
P1: write A[0] = 5
P1: read S[0] == 0
# madvise_dontneed(): VM_PFNMAP -> -EINVAL (6aab341e0a28, v2.6.15; unchanged to 6.18)
P1: madvise A dontneed -> EINVAL
# copy_page_range(): VM_PFNMAP VMAs are always copied (13.2). A[0]: X is normal (pfn off the linear
# rule / not special) -> get + dup rmap: X 2/2, P2 anon_rss 1, both read-only (5.19 clears AnonExclusive).
# A[1] and S: vm_normal_page() NULL -> PTE copied verbatim, no counts.
P1: fork P2
P2: read A[0] == 5
P2: read A[1] == 9
P2: madvise A dontneed -> EINVAL
# child COW of the raw PTE: NULL -> copy from the user address (9) into Y 1/1, P2 anon_rss 2
P2: write A[1] = 7
# child write on X (2/2): <=5.8 mapcount 2 -> copy; 5.9 page_count 2 -> copy; 5.19 not AnonExclusive,
# page_count 2 -> copy. P2 gets Z 1/1, X 1/1; P2 anon_rss stays 2
P2: write A[0] = 6
# parent write on X (1/1): <=5.8 mapcount 1, 5.9 page_count 1 -> reuse; 5.19 -> reuse + SetPageAnonExclusive
P1: write A[0] = 8
P1: read A[1] == 9
P1: read S[1] == 9
P2: read S[1] == 9

expect P1:A[0] count=1 mapcount=1 anon value=8
expect P2:A[0] count=1 mapcount=1 anon value=6
expect P2:A[1] count=1 mapcount=1 anon value=7
# raw device PTEs (no struct page: count and mapcount are '-'; only pte= is checked)
expect P1:A[1] pte=present
expect P2:S[1] pte=present
expect since 5.19 P1:A[0] exclusive
expect since 5.19 P2:A[0] exclusive
expect since 5.19 P2:A[1] exclusive
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=2
expect no violations
