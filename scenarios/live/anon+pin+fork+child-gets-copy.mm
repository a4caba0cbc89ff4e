title "R/W longterm pin (io_uring buffer) then fork: the child gets its own copy at fork, the parent keeps the pinned page"
# cow.c test_ro_pin/longterm R/W pin shape. fork with MMF_HAS_PINNED: folio_try_dup_anon_rmap_pte sees an
# AnonExclusive page that folio_maybe_dma_pinned (refcount >= 1024) -> EBUSY -> copy_present_page copies
# it for the child at fork (exclusive, writable). The parent's PTE is untouched: still exclusive and
# writable, so its later stores go into the pinned page without a fault and the child never sees them.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: gup A[0] write pin longterm as H
P1: fork P2
P2: read A[0] == 1
P1: write A[0] = 3
P2: read A[0] == 1
P2: write A[0] = 4
P1: read A[0] == 3

expect P1:A[0] count=1025 mapcount=1 anon exclusive value=3
expect P2:A[0] count=1 mapcount=1 anon exclusive value=4
expect P1:A[1] count=2 mapcount=2 anon !exclusive value=2
expect no violations
