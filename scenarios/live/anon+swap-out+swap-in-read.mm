title "Swap out an exclusive anon page and read it back: the same frame from the swap cache, still exclusive"
# MADV_PAGEOUT/reclaim: try_to_unmap_one leaves a swap PTE with the exclusive marker (the page was
# AnonExclusive). With an async swapfile the folio stays in the swap cache after writeback. The read
# fault (do_swap_page) finds it there, maps the same frame AnonExclusive (marker) and writable;
# the swap cache is kept (swap not full).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
reclaim
P1: read A[0] == 1

expect P1:A[0] count=2 mapcount=1 anon exclusive swapcache value=1
expect P1:A[1] pte=swap
expect P1 rss file=0 anon=1
expect no violations
