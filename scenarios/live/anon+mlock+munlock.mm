title "mlock then munlock of private anonymous memory: the pages stay mapped, MLOCKED/UNEVICTABLE go"
# munlock_fixup clears VM_LOCKED and munlocks each mapped folio (mlock_folio batch, drained): the
# pages stay present and exclusive with the data, back on the evictable LRU.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: mlock A
P1: munlock A
P1: read A[0] == 1
P1: read A[1] == 0

expect P1:A[0] count=1 mapcount=1 anon exclusive lru value=1
expect P1:A[1] count=1 mapcount=1 anon exclusive lru value=0
expect no violations
