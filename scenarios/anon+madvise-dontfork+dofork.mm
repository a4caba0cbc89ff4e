title "MADV_DONTFORK hides an anonymous vma from the child; MADV_DOFORK brings it back"
# Question: VM_DONTCOPY: dup_mmap skips the vma entirely (no vma, no ptes in the child). MADV_DOFORK
# clears it (allowed: not VM_IO); the next fork copies the vma and its anon page with get + dup.
# Across eras: the same in every era (MADV_DONTFORK/MADV_DOFORK are unchanged since f822566165dd, 2.6.16).
era 2.6.19

P1: mmap A anon pages=1 private rw
# X 1/1
P1: write A[0] = 3
P1: madvise A dontfork
# dup_mmap: VM_DONTCOPY -> vma skipped
P1: fork P2
P2: read A[0] -> SIGSEGV
# madvise_vma: MADV_DOFORK, vma not VM_IO -> VM_DONTCOPY cleared
P1: madvise A dofork
# copied: X 2/2, child anon_rss 1
P1: fork P3
P3: read A[0] == 3

expect P1:A[0] count=2 mapcount=2 anon
expect P2 rss file=0 anon=0
expect P3 rss file=0 anon=1
