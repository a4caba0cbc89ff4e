title "Private remap_pfn_range over driver RAM: struct pages that no PTE counts, COW, fork, GUP refused, release"
# Question: remap_pfn_range() of driver pages that do have struct pages (memory=ram) into a MAP_PRIVATE
# VMA: do the raw PTEs ever take a count on the driver pages (map, fork, COW, unmap), can GUP reach the
# VMA (even its COW anon pages), and are the pages free of references when the driver releases them?
# Raw PTEs are linear (<=2.6.26) or special (2.6.27+), so vm_normal_page() is NULL for them in every
# real era; VM_IO|VM_PFNMAP makes GUP fail with EFAULT (check_vma_flags) and MADV_DONTNEED with EINVAL.
era 3.7
# 2.6.19+reserved (the 2006 proposal) also hides the COW anon pages of this VM_RESERVED VMA; see
# reserved-proposal+remap-pfn+private-cow+fork.mm. A range never matches the hypothetical era.
eras 2.6.19..
device d preset=remap-pfn memory=ram pages=2

P1: mmap S dev:d shared rw
# store through a raw PTE into d[1]; no count moves
P1: write S[1] = 9
# remap_pfn_range(): COW VMA covered entirely, vm_pgoff = first pfn; VM_IO|VM_RESERVED|VM_PFNMAP (<=3.6),
# VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP (3.7+, 314e51b9851b)
P1: mmap A dev:d private rw
P1: read A[1] == 9
# get_user_pages(): VM_IO|VM_PFNMAP -> -EFAULT before follow_page (every era)
P1: gup A[1] read as H -> EFAULT
# do_wp_page(): vm_normal_page() NULL -> copy from the user address (d[0] holds 0) into anon X 1/1,
# anon_rss 1; d[0] untouched (count 1, mapcount 0)
P1: write A[0] = 5
# the VMA check comes first: even the COW anon page cannot be reached by GUP
P1: gup A[0] read as H -> EFAULT
P1: madvise A dontneed -> EINVAL
# copy_page_range(): VM_PFNMAP always copied; X 2/2 (P2 anon_rss 1), raw PTEs copied with no counts
P1: fork P2
P2: read A[1] == 9
# child COW on X: <=5.8 mapcount 2 / 5.9 page_count 2 / 5.19 not AnonExclusive + page_count 2 -> copy
P2: write A[0] = 6
P1: read A[0] == 5
# exit_mmap()/zap_pte_range(): raw PTEs skipped (NULL); P2's anon page freed
P2: exit
P1: munmap A
P1: munmap S
# the driver's put_page() on each frame: count 1 -> 0, freed; nobody else holds them
d: release

expect d[0] free value=0
expect d[1] free value=9
expect P1 rss file=0 anon=0
expect no violations
