title "mlock of two pages of shared anonymous memory, fork, child read: fault-around maps the second page in the child too"
# A shared mapping is populated without FOLL_WRITE (no COW to break): shmem_fault allocates the pages,
# which become MLOCKED|UNEVICTABLE. fork does not copy the PTEs; the child refaults the same pages,
# unlocked VMA, and sees the parent's data.
# Found by the live oracle: the model had no fault-around (era switch fault_around).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=2 shared rw
P1: write S[0] = 1
P1: mlock S
P1: fork P2
P2: read S[0] == 1
P2: write S[1] = 2
P1: read S[1] == 2

expect P1:S[0] mapcount=2 !anon value=1
expect P1:S[1] mapcount=2 !anon value=2
expect no violations
