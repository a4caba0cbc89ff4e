title "Pinned pages in MADV_WIPEONFORK and MADV_DONTFORK areas: fork neither copies nor shares them"
# cow.c's guidance for pinned buffers: with VM_WIPEONFORK the child's VMA is empty (no copy_page_range),
# with VM_DONTCOPY it has no VMA; in both cases the parent's pinned page stays exclusive and is never
# duplicated for the child.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: mmap B anon pages=1 private rw
P1: write A[0] = 1
P1: write B[0] = 2
P1: gup A[0] write pin longterm as H
P1: gup B[0] write pin longterm as J
P1: madvise A wipeonfork
P1: madvise B dontfork
P1: fork P2
P2: read A[0] == 0
P2: read B[0] -> SIGSEGV
P1: write A[0] = 3

expect P1:A[0] count=1025 mapcount=1 anon exclusive value=3
expect P1:B[0] count=1025 mapcount=1 anon exclusive value=2
expect P2:A[0] zero pte=present
expect no violations
