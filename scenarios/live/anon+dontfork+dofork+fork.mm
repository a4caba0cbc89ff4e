title "MADV_DONTFORK then MADV_DOFORK: VM_DONTCOPY is cleared again and fork shares the pages COW"
# MADV_DOFORK clears VM_DONTCOPY (allowed: the VMA is not VM_IO), so the next fork copies the PTEs as
# usual (mapcount 2, AnonExclusive cleared) and the child reads the parent's data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: madvise A dontfork
P1: madvise A dofork
P1: fork P2
P2: read A[0] == 1
P1: write A[0] = 2
P2: read A[0] == 1

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] count=1 mapcount=1 anon !exclusive value=1
expect no violations
