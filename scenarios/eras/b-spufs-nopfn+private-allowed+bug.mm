title "A ->nopfn driver (NOPFN_REFAULT style) that accepts MAP_PRIVATE: do_no_pfn() BUG_ON(is_cow_mapping), 2.6.21-2.6.26"
# Question: spufs refuses MAP_PRIVATE; what if a ->nopfn driver did not? do_no_pfn() (f4b81804a2d1)
# BUG_ON(is_cow_mapping(vma->vm_flags)) before calling the handler, so the first fault of a private
# mapping is a BUG, even with PROT_READ (VM_MAYWRITE makes it COW). The NOPFN_REFAULT + vm_insert_pfn()
# style exists 2.6.21-2.6.26 (22cd25ed31bb, e0dc0d8f4a32; ->nopfn removed by 0d71d10a4252).
era 2.6.21
device spu preset=spufs-nopfn private=allowed pages=1

# shared: fine, raw PTE, no counts
P1: mmap S dev:spu shared rw
P1: write S[0] = 1
# private: the driver accepts it; the VMA gets VM_IO|VM_PFNMAP and VM_MAYWRITE
P1: mmap A dev:spu private r
# do_no_pfn(): BUG_ON(is_cow_mapping(vma->vm_flags))
P1: read A[0] -> BUG

expect violation kernel-bug
expect P1:A[0] pte=none
expect P1:S[0] pte=present
expect spu[0] value=1
expect P1 rss file=0 anon=0
