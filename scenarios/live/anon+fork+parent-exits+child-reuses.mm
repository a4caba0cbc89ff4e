title "Parent exits while sharing an anonymous page: the child's write reuses the frame instead of copying"
# exit_mmap zaps the parent's PTE (mapcount and reference dropped after the TLB flush). The child's
# write fault then finds refcount 1 and no AnonExclusive: wp_can_reuse_anon_folio reuses the same
# frame and marks it exclusive. The zero-page PTE copied at fork is still replaced by a fresh page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: read A[1] == 0
P1: fork P2
P1: exit
P2: write A[0] = 2
P2: write A[1] = 3

expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[1] count=1 mapcount=1 anon exclusive value=3
expect no violations
