title "Pinned page across fork and the child's exit: the pin never moves, the parent keeps writing in place"
# The child got a private copy at fork (copy_present_page); its exit frees that copy and leaves the
# parent's pinned page alone. After the unpin the parent's page is an ordinary exclusive page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] write pin longterm as H
P1: fork P2
P2: write A[0] = 2
P2: exit
P1: write A[0] = 3
P1: putref H
P1: write A[0] = 4

expect P1:A[0] count=1 mapcount=1 anon exclusive value=4
expect no violations
