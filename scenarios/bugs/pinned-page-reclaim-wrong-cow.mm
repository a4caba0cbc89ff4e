title "Reclaim swaps out a pinned page: the refault maps it read-only and the next write copies it"
# Under refcount-based reuse (5.9), reclaim could add a pinned anonymous page to the swap cache and unmap
# it; the process refaults it read-only from the swap cache and its next write finds page_count > 1 and
# copies: the pin no longer backs the process's memory.  Fixed by feb889fb40fa ("mm: don't put pinned
# pages into the swap cache", v5.11-rc4).
bug name=pinned-page-reclaim-wrong-cow
bug introduced=09854ba94c6a fixed=feb889fb40fa buggy=5.10 fixed-in=5.11 invariant=pin-incoherent
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=feb889fb40fafc6933339cf1cca8f770126819fb
bug url=https://lore.kernel.org/r/3ae33b08-d9ef-f846-56fb-645e3b9b4c66@redhat.com
swap pages=4
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
explore procs=1 depth=4 refs=1 ops=pin,reclaim,read,write
