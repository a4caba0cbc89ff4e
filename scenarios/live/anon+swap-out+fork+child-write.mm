title "Fork while swapped out, the child writes: the child copies, the parent reads its own data back"
# Symmetric to the parent-write case: the child's write copies (the slot is still shared), the parent's
# later read maps the swap-cache page with the value from before the fork.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: fork P2
P2: write A[0] = 2
P1: read A[0] == 1
P2: read A[0] == 2

expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect P1:A[0] count=2 mapcount=1 anon !exclusive swapcache value=1
expect no violations
