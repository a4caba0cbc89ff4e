title "vmsplice of a swapped-out exclusive page: GUP swaps it in, the owner's later store is seen through the pipe"
# FOLL_GET read on a swap PTE: do_swap_page maps the swap-cache page exclusive (the marker) and writable,
# and keeps the swap cache (read fault). The store then needs no fault and goes into the page the pipe
# holds, like any exclusive page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: gup A[0] read as H
P1: write A[0] = 2
P1: readref H == 2

expect P1:A[0] count=3 mapcount=1 anon exclusive swapcache value=2
expect no violations
