title "Longterm R/W pin of a shared shmem page, then fork: file folios are never copied at fork"
# FOLL_LONGTERM|FOLL_WRITE is allowed on shmem (no dirty tracking). fork does not copy a shared file VMA
# at all (no anon_vma), and copy_present_ptes never checks pins for file folios anyway: the child
# refaults the very same page-cache page and both processes see each other's stores.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data shared rw
P1: write F[0] = 1
P1: gup F[0] write pin longterm as H
P1: fork P2
P2: read F[0] == 1
P1: write F[0] = 2
P2: read F[0] == 2

expect P1:F[0] mapcount=2 !anon value=2
expect P2:F[0] mapcount=2 !anon value=2
expect no violations
