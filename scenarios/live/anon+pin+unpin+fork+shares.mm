title "A page pinned and unpinned before fork is shared COW again (MMF_HAS_PINNED alone does not copy)"
# After unpin_user_page the refcount is back to 1, so folio_maybe_dma_pinned is false even though the
# mm keeps MMF_HAS_PINNED: fork dups the rmap and shares the page read-only; the parent's write copies.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] write pin longterm as H
P1: putref H
P1: fork P2
P2: read A[0] == 1
P1: write A[0] = 2
P2: read A[0] == 1

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] count=1 mapcount=1 anon !exclusive value=1
expect no violations
