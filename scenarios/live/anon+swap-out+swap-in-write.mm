title "Swap out an exclusive anon page and write it back in: the slot is freed and the page is reused exclusive"
# A write fault on the swap PTE: do_swap_page sees the exclusive marker, frees the swap cache
# (folio_free_swap: no other user of the slot) and maps the page writable and AnonExclusive. The
# second page, read back in, keeps its swap-cache copy.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: madvise A pageout
P1: write A[0] = 3
P1: read A[1] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive !swapcache value=3
expect P1:A[1] count=2 mapcount=1 anon exclusive swapcache value=2
expect no violations
