title "Anonymous COW after fork, both write: the first writer copies, the second reuses the original frame"
# After the first writer's copy the old frame has one mapping and refcount 1. The second writer's
# wp fault (page not AnonExclusive) runs wp_can_reuse_anon_folio(): refcount 1 -> reuse in place,
# set PageAnonExclusive again (folio_move_anon_rmap). No second copy is made (6.18, mm/memory.c).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: write A[0] = 20
P1: write A[0] = 10
P1: read A[0] == 10
P2: read A[0] == 20

expect P1:A[0] count=1 mapcount=1 anon exclusive value=10
expect P2:A[0] count=1 mapcount=1 anon exclusive value=20
expect no violations
