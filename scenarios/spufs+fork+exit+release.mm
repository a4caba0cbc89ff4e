title "The 2006 question, stock 2.6.19: spufs under fork and exit stays balanced"
# Question (Ben Herrenschmidt, LKML 13 Dec 2006): is the refcount/mapcount of SPE pages mapped through
# ->nopage into a VM_IO vma balanced? Stock rules: vm_normal_page returns the page (VM_IO ignored), fork
# does not copy the shared vma (child refaults), zap puts exactly what do_no_page took.
# Across eras: the spufs preset is the 2.6.19/2.6.20 ->nopage driver, which can exist until 2.6.25
# (3c18ddd160d1); balanced in all of them. (The real spufs moved to ->nopfn + vm_insert_pfn on
# VM_IO|VM_PFNMAP in 2.6.21, 78bde53e351b: uncounted ptes, copied at fork.)
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=2 shared rw
# do_no_page write (shared): spu[0] 1 -> 2, mapcount 1
P1: write A[0] = 7
# do_no_page read: spu[1] 1 -> 2, mapcount 1
P1: read A[1] == 0
# copy_page_range skip rule (mm/memory.c): no anon_vma and none of HUGETLB|NONLINEAR|PFNMAP|INSERTPAGE
# -> no pte copied, no counts; the child refaults through ->nopage
P1: fork P2
# child refault: spu[0] 3, mapcount 2
P2: read A[0] == 7
# child write refault (shared): spu[1] 3, mapcount 2
P2: write A[1] = 9
P1: read A[1] == 9
# exit_mmap -> unmap_vmas -> zap_pte_range: each pte gives back its count and mapcount
P1: exit
P2: exit
# memory=reserved: the platform's memmap base reference stays (nothing is put)
spu: release

expect no violations
expect spu[0] count=1 mapcount=0
expect spu[1] count=1 mapcount=0
