title "Shared anonymous pages swapped out after fork, partly swapped in, then both processes exit: clean"
# Question: do swap ptes and swap-cache pages get released consistently at exit? try_to_unmap_anon unmaps
# every pte of a shared page (swap_duplicate per pte); exit's zap_pte_range calls free_swap_and_cache for
# swap ptes and free_pages_and_swap_cache -> remove_exclusive_swap_page for swap-cache pages.
# Expected: no violations (no refcount leak, no swap-count mismatch).
# Across eras: clean in every era. (5.19+: fork cleared PageAnonExclusive, so the swap ptes carry no
# exclusive marker; 1493a1913e34.)
era 2.6.19
swap pages=8

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
# X 2/2, Y 2/2
P1: fork P2
# both pages: swap cache, both ptes -> swap entries (swap_map 3), pageout, freed (swap_map 2)
reclaim
# child swap-in of A[1]: Y' 2/1 (pte + cache), swap_map 2 (parent pte + cache)
P2: read A[1] == 2
P1: read A[0] == 1
P1: exit
P2: exit

expect no violations
