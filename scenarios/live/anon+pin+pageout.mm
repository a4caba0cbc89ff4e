title "MADV_PAGEOUT of a page pinned with FOLL_PIN|FOLL_LONGTERM: no swap slot"
# Found by `mmspec fuzz --oracle --seed 1`: shrink_folio_list() keeps a folio_maybe_dma_pinned() anon page
# before add_to_swap() (feb889fb40fa "mm: don't put pinned pages into the swap cache", 5.14), so the pinned
# page stays mapped and never enters the swap cache; the unpinned one is swapped out (async I/O keeps it in
# the swap cache, so the swap-in maps the same frame again).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16
P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: gup A[0] write pin longterm as H
reclaim
P1: putref H
P1: read A[1] == 2

expect P1:A[0] pte=present mapcount=1 anon exclusive !swapcache
expect P1:A[1] pte=present mapcount=1 anon swapcache
