title "R/W pin of a page shared by fork: GUP breaks COW first, the parent pins its own new copy"
# A FOLL_WRITE pin on a read-only PTE runs a write fault (faultin_page): the page is shared (refcount 2,
# not AnonExclusive), so do_wp_page copies, and the pin lands on the parent's new exclusive page
# (a pin of an anon page must be exclusive). The child keeps the original frame and its data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P1: gup A[0] write pin longterm as H
P1: write A[0] = 2
P2: read A[0] == 1
P1: read A[0] == 2

expect P1:A[0] count=1025 mapcount=1 anon exclusive value=2
expect P2:A[0] count=1 mapcount=1 anon !exclusive value=1
expect no violations
