title "get_user_pages() on a remap_pfn_range() VMA is EFAULT in every era, even on the anonymous COW page inside it"
# Question: GUP (O_DIRECT, vmsplice, ptrace...) on memory mapped by remap_pfn_range(): is the answer per
# PTE or per VMA? get_user_pages() (mm/memory.c, mm/gup.c check_vma_flags() today) refuses any VMA with
# VM_IO or VM_PFNMAP before looking at a PTE (2.6.15, unchanged to 6.18), so even a normal anon page
# created by COW inside a private one is out of reach, for reads and writes, with no reference taken.
era 6.18
# the hypothetical 2.6.19+reserved era calls the COW page of this VM_RESERVED VMA special
eras 2.6.19..
device io preset=remap-pfn pages=2

P1: mmap S dev:io shared rw
P1: write S[0] = 2
# get_user_pages(): VM_IO|VM_PFNMAP -> -EFAULT (a raw device PTE)
P1: gup S[0] as G -> EFAULT
# private: remap_pfn_range() covers the COW VMA whole, vm_pgoff := pfn
P1: mmap A dev:io private rw
# do_wp_page(): vm_normal_page() NULL (linear pfn <=2.6.26, special 2.6.27+) -> copy from the user
# address (2) into anon X 1/1, anon_rss 1, then the store
P1: write A[0] = 5
# the VMA test comes first: -EFAULT for the normal anon page too, read or write; X keeps 1/1
P1: gup A[0] as H -> EFAULT
P1: gup A[0] write as W -> EFAULT
P1: gup A[1] as K -> EFAULT
P1: read A[0] == 5
P1: read A[1] == 0

expect P1:A[0] anon count=1 mapcount=1 value=5
expect io[0] value=2
expect P1 rss file=0 anon=1
expect no violations
