title "mlock of shared anonymous memory: the shmem page is faulted in and mlocked; the child's VMA is not locked"
# A shared mapping is populated without FOLL_WRITE (no COW to break): shmem_fault allocates the page,
# which becomes MLOCKED|UNEVICTABLE. fork copies no PTEs (no anon_vma) and clears VM_LOCKED in the child;
# the child refaults the same page, which stays mlocked while the parent's locked VMA maps it.
# (One page: the two-page variant also exercises fault-around, see README.)
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=1 shared rw
P1: write S[0] = 1
P1: mlock S
P1: fork P2
P2: read S[0] == 1
P2: write S[0] = 2
P1: read S[0] == 2
P1: munlock S

expect P1:S[0] mapcount=2 !anon value=2
expect no violations
