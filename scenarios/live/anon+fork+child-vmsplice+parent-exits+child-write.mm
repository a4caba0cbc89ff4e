title "Child vmsplices a shared page, the parent exits, the child writes: the child copies, the pipe keeps the old data"
# After the parent's exit the page has mapcount 1 but refcount 2 (child PTE + pipe) and no
# AnonExclusive: wp_can_reuse_anon_folio refuses, so the child's write copies and the pipe is not
# changed behind its back.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: gup A[0] read as H
P1: exit
P2: write A[0] = 2
P2: readref H == 1
P2: read A[0] == 2

expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
