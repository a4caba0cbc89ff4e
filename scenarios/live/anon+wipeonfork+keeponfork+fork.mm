title "MADV_WIPEONFORK undone by MADV_KEEPONFORK: the next fork shares the pages again"
# MADV_KEEPONFORK clears VM_WIPEONFORK; the next fork copies the PTEs COW as usual, so the child
# sees the parent's data, and the inherited flag of a child forked in between is the wiped state.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: madvise A wipeonfork
P1: fork P2
P2: read A[0] == 0
P1: madvise A keeponfork
P1: fork P3
P3: read A[0] == 1
P2: exit
P3: write A[0] = 2
P1: read A[0] == 1

expect P1:A[0] count=1 mapcount=1 anon !exclusive value=1
expect P3:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
