title "vmsplice of a zero-page PTE: the pipe holds the zero page, the owner's later store gets its own page"
# follow_page_pte returns the zero page for a zero-pfn PTE and FOLL_GET takes a reference on it (a pin
# would not). The store then replaces the zero PTE with a new exclusive page (wp_page_copy); the pipe
# still reads zeroes.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: read A[0] == 0
P1: gup A[0] read as H
P1: write A[0] = 5
P1: readref H == 0
P1: read A[0] == 5

expect P1:A[0] count=1 mapcount=1 anon exclusive value=5
expect no violations
