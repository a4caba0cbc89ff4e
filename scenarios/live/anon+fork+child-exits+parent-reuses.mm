title "Anonymous page shared by fork, the child exits: the parent's next write reuses the frame"
# live-kernel-observables 6.2: after the child's exit the page has mapcount 1 but PageAnonExclusive is
# still clear, and the PTE stays write-protected; the parent's write faults and wp_can_reuse_anon_folio()
# (refcount 1) reuses the same frame and sets AnonExclusive again. No copy.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: fork P2
P2: read A[1] == 2
P2: exit
P1: write A[0] = 3

expect P1:A[0] count=1 mapcount=1 anon exclusive value=3
expect P1:A[1] count=1 mapcount=1 anon !exclusive value=2
expect P1 rss file=0 anon=2
expect no violations
