title "remap_pfn_range over RAM pages (memory=ram) shared: real struct pages, never counted"
# Question: when remap_pfn_range maps driver RAM that has struct pages, do those pages get counted by
# fork or faults? No: in a non-COW VM_PFNMAP vma vm_normal_page returns NULL for every pte, whatever the
# pfn, so copy_one_pte/zap take and give nothing; the pages keep only the driver's reference.
# Across eras: the same in every era: a non-COW VM_PFNMAP pte is special (by the vma rule, then from 2.6.27
# by the PTE bit, a0a8f5364a5a), whether or not the pfn has a struct page.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device drv preset=remap-pfn memory=ram pages=2

# ptes for both pages at mmap; drv pages stay 1/0
P1: mmap A dev:drv pages=2 shared rw
P1: write A[0] = 6
# VM_PFNMAP: copied with no counts
P1: fork P2
P2: read A[0] == 6
P2: write A[1] = 7
P1: read A[1] == 7
# VM_PFNMAP -> get_user_pages -EFAULT
P1: gup A[1] write as H -> EFAULT

expect drv[0] count=1 mapcount=0 !lru !anon
expect drv[1] count=1 mapcount=0
expect P1:A[0] count=1 mapcount=0
expect P2:A[1] pte=present
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
