title "mlock of a shared file mapping: the page-cache pages are faulted in and mlocked; the child's mapping is not locked"
# A shared mapping is populated with read faults (no COW needed); the shmem pages become MLOCKED and
# UNEVICTABLE. The child's VMA loses VM_LOCKED; its refault maps the same page-cache page, which stays
# mlocked because the parent's locked VMA still maps it.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap F file:data shared rw
P1: mlock F
P1: fork P2
P2: write F[0] = 2
P1: read F[0] == 2
P1: munlock F

expect P1:F[0] mapcount=2 !anon value=2
expect P1:F[1] mapcount=1 !anon value=0
expect no violations
