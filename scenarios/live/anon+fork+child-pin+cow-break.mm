title "The child R/W-pins a page it shares with its parent: GUP breaks COW in the child, the parent is untouched"
# Symmetric to the parent case: the child's FOLL_WRITE pin faults (refcount 2, not exclusive -> copy),
# pins its new exclusive page and sets MMF_HAS_PINNED on the child's mm only. The parent's page keeps
# mapcount 1 and its later write reuses it. A grandchild forked from the child gets a copy of the pinned page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: gup A[0] write pin longterm as H
P2: write A[0] = 2
P2: fork P3
P3: read A[0] == 2
P1: write A[0] = 3
P2: write A[0] = 4
P3: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=3
expect P2:A[0] count=1025 mapcount=1 anon exclusive value=4
expect P3:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
