title "remap_pfn_range (memory=io) shared: raw ptes, copied at fork without counts; gup EFAULT, DONTNEED EINVAL"
# Question: how are VM_PFNMAP ptes handled by fork, gup and madvise? remap_pfn_range fills ptes at mmap
# with no counts and sets VM_IO|VM_RESERVED|VM_PFNMAP; copy_page_range always copies VM_PFNMAP vmas and
# vm_normal_page is NULL (non-COW PFNMAP) so nothing is counted; get_user_pages rejects VM_IO|VM_PFNMAP;
# madvise_dontneed rejects VM_PFNMAP with -EINVAL.
# Across eras: the same in every era. From 2.6.27 the raw ptes are special by their PTE bit (a0a8f5364a5a);
# from 3.7 remap_pfn_range sets VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP instead of VM_RESERVED
# (314e51b9851b); gup EFAULT and MADV_DONTNEED EINVAL on VM_PFNMAP hold throughout.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device io preset=remap-pfn pages=2

# remap_pfn_range at mmap: both ptes present, no count, no mapcount, no rss
P1: mmap A dev:io pages=2 shared rw
# shared writable pte: the store goes to device memory
P1: write A[0] = 3
# VM_PFNMAP forces the copy; copy_one_pte: vm_normal_page NULL -> pte copied, nothing counted
P1: fork P2
# no fault needed in the child
P2: read A[0] == 3
P2: write A[1] = 4
P1: read A[1] == 4
# get_user_pages: VM_IO|VM_PFNMAP -> -EFAULT
P1: gup A[0] as H -> EFAULT
# madvise_dontneed: VM_LOCKED|VM_HUGETLB|VM_PFNMAP -> -EINVAL; ptes stay
P1: madvise A dontneed -> EINVAL
P1: read A[0] == 3

expect P1:A[0] pte=present
expect P1:A[1] pte=present
expect P2:A[0] pte=present
expect P2:A[1] pte=present
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
