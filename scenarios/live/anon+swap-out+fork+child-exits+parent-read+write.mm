title "Fork while swapped out, child exits, parent reads then writes: read maps it shared-style, the write reuses"
# After the child's exit a read swap-in still gives no AnonExclusive (fork cleared the marker) and keeps
# the slot (refcount 2: PTE + swap cache). The write then runs wp_can_reuse_anon_folio: refcount <= 1 +
# swap cache, frees the swap cache, refcount 1 -> reuse the same frame, AnonExclusive.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: fork P2
P2: exit
P1: read A[0] == 1
P1: write A[0] = 2

expect P1:A[0] count=1 mapcount=1 anon exclusive !swapcache value=2
expect no violations
