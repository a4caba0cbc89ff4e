title "spufs: MADV_DONTNEED zaps a VM_IO vma, MADV_DOFORK is refused, MADV_DONTFORK hides it from the child"
# Question: which madvise calls work on a VM_IO vma? madvise_dontneed rejects only VM_LOCKED|VM_HUGETLB|
# VM_PFNMAP (so VM_IO is zapped like munmap, vma kept); madvise_vma refuses MADV_DOFORK on VM_IO with
# -EINVAL; MADV_DONTFORK sets VM_DONTCOPY and dup_mmap then skips the vma.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=2 shared rw
# spu[0] 2/1
P1: write A[0] = 3
# spu[1] 2/1
P1: read A[1] == 0
# zap_page_range: both ptes zapped, both pages back to 1/0, file_rss 0
P1: madvise A dontneed
# refault via nopage: spu[0] 2/1, file_rss 1; the data lives in the local store
P1: read A[0] == 3
# madvise_vma: MADV_DOFORK on VM_IO -> -EINVAL
P1: madvise A dofork -> EINVAL
# MADV_DONTFORK allowed: VM_DONTCOPY
P1: madvise A dontfork
# dup_mmap skips VM_DONTCOPY vmas: the child has no vma at A
P1: fork P2
P2: read A[0] -> SIGSEGV

expect spu[0] count=2 mapcount=1
expect spu[1] count=1 mapcount=0
expect P1:A[1] pte=none
expect P1 rss file=1 anon=0
expect P2 rss file=0 anon=0
