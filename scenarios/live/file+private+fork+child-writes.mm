title "Private file mapping across fork: page-cache PTEs are copied, the child's write COWs into its own anon page"
# The VMA has an anon_vma after P1's COW, so dup_mmap copies all its PTEs (vma_needs_copy): the
# page-cache page gets mapcount 2 (file rmap dup), the anon copy is shared COW (AnonExclusive
# cleared). The child's write to the page-cache page makes a child anon copy; the shared anon page
# is copied for the child too.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap F file:data private rw
P1: read F[0] == 0
P1: write F[1] = 1
P1: fork P2
P2: write F[0] = 2
P2: write F[1] = 3
P1: read F[0] == 0
P1: read F[1] == 1

expect P1:F[0] mapcount=1 !anon value=0
expect P2:F[0] count=1 mapcount=1 anon exclusive value=2
expect P1:F[1] count=1 mapcount=1 anon !exclusive value=1
expect P2:F[1] count=1 mapcount=1 anon exclusive value=3
expect no violations
