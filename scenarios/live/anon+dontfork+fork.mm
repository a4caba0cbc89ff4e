title "MADV_DONTFORK: the child has no VMA there; the parent's pages stay exclusive and writable"
# madvise_behavior sets VM_DONTCOPY; dup_mmap leaves the VMA out of the child. The parent's pages
# are never shared, so they keep PageAnonExclusive and its writes reuse them in place.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: madvise A dontfork
P1: fork P2
P2: read A[0] -> SIGSEGV
P1: write A[0] = 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] pte=none
expect no violations
