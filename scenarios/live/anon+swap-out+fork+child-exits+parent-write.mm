title "Fork while swapped out, the child exits, the parent writes: the slot is freed and the page reused in place"
# The child's exit drops its swap count (zap of a swap PTE). The parent's write fault: no exclusive
# marker (fork cleared it), but after folio_free_swap the refcount is 1, so do_swap_page maps the page
# writable and AnonExclusive without a copy (live-kernel-observables 6.3).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: fork P2
P2: exit
P1: write A[0] = 2

expect P1:A[0] count=1 mapcount=1 anon exclusive !swapcache value=2
expect no violations
