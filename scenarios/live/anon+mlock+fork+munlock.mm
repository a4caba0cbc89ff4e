title "mlocked pages shared with a child: munlock in the parent clears MLOCKED although the child still maps them"
# The child's VMA is not VM_LOCKED, so once the parent's VMA is unlocked no locked VMA maps the pages:
# munlock_folio drops PG_mlocked and they go back to the evictable LRU, still shared (mapcount 2).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: mlock A
P1: fork P2
P2: read A[0] == 1
P1: munlock A
P2: read A[0] == 1

expect P1:A[0] count=2 mapcount=2 anon !exclusive lru value=1
expect no violations
