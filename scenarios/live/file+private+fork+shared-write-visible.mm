title "Private file mapping inherited by a child: both see stores made through a shared mapping until they COW"
# Both processes map the page-cache page read-only (the PTE is copied at fork because the VMA has an
# anon_vma from an earlier COW of another page). A store through a MAP_SHARED mapping of the same file
# changes what both private mappings read; the child's own store then COWs it away.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap S file:data shared rw
P1: mmap F file:data private rw
P1: write F[1] = 9
P1: read F[0] == 0
P1: fork P2
P1: write S[0] = 5
P2: read F[0] == 5
P2: write F[0] = 6
P1: write S[0] = 7
P1: read F[0] == 7
P2: read F[0] == 6

expect P1:F[0] mapcount=2 !anon value=7
expect P2:F[0] count=1 mapcount=1 anon exclusive value=6
expect no violations
