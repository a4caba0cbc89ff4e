title "Anonymous page shared by fork, the child unmaps it: the parent's write reuses the frame"
# munmap in the child removes its rmap and drops its reference after the TLB flush (zap_pte_range ->
# mmu_gather), so the parent's write fault sees refcount 1 and reuses the page in place
# (wp_can_reuse_anon_folio), setting AnonExclusive. The child's name now faults with SIGSEGV.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: munmap A
P2: read A[0] -> SIGSEGV
P1: write A[0] = 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] pte=none
expect no violations
