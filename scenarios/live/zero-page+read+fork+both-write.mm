title "Zero page shared by parent and child: both write, each gets its own page, never the zero page reused"
# The zero page is always replaced on a write fault, never reused (linux-mm-eras 11.4: "the zero page
# is always replaced"). Each process ends with an exclusive private page; no frame is shared.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: read A[1] == 0
P1: fork P2
P1: write A[0] = 1
P2: write A[0] = 2
P2: write A[1] = 3
P1: read A[0] == 1
P2: read A[0] == 2
P1: read A[1] == 0

expect P1:A[0] count=1 mapcount=1 anon exclusive value=1
expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[1] count=1 mapcount=1 anon exclusive value=3
expect P1:A[1] zero pte=present
expect no violations
