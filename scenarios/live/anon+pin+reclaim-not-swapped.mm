title "A pinned anon page is not swapped out; after unpin it is"
# shrink_folio_list keeps a folio_maybe_dma_pinned anon folio out of the swap cache ("don't put pinned
# pages into the swap cache"), so a page pinned for DMA stays mapped and exclusive; the unpinned
# neighbour is swapped out. After unpin_user_page the page can be reclaimed like any other.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: gup A[0] write pin longterm as H
reclaim
P1: read A[0] == 1
P1: putref H
reclaim

expect P1:A[0] pte=swap
expect P1:A[1] pte=swap
expect no violations
