title "mlock populates a private writable mapping with write faults; the child of a fork is not locked"
# mlock_fixup sets VM_LOCKED and populates with FOLL_WRITE for a private writable VMA (populate_vma_page_range),
# so no zero page remains: exclusive anon pages, MLOCKED|UNEVICTABLE. dup_mmap clears VM_LOCKED in the
# child; the shared pages stay mlocked while the parent's locked VMA maps them.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: mlock A
P1: read A[0] == 0
P1: fork P2
P2: read A[1] == 0
P2: write A[0] = 3
P1: read A[0] == 0

expect P1:A[0] count=1 mapcount=1 anon !exclusive value=0
expect P1:A[1] count=2 mapcount=2 anon value=0
expect P2:A[0] count=1 mapcount=1 anon exclusive value=3
expect no violations
