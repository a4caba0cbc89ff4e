title "get_user_pages + fork + parent write: the pinned page ends up in the child (pre-5.x COW/GUP issue)"
# Question: a process holds a get_user_pages reference (DMA, vmsplice) on its anon page and forks; who
# gets the pinned page? Fork shares it (mapcount 2); the parent's write copies (do_wp_page looks at the
# mapcount only), so H keeps the old page that only the child maps; the child's later write reuses that
# page in place, and the parent sees the child's data through H.
# Across eras: from 5.9 (09854ba94c6a "mm: do_wp_page() simplification") do_wp_page reuses only a page
# whose page_count is 1. H's reference then makes the child copy too, so the child's store never reaches
# H and COW isolation holds (no cow-broken). H is a FOLL_GET reference, not a FOLL_PIN, so fork still
# shares the page (70e806e4e645 copies only maybe-pinned pages, 5.19's fb3d824d1a46 only exclusive
# pinned ones) and the parent's own write still leaves H on the old page: pin-incoherent in every era.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=1 private rw
# X 1/1, writable pte
P1: write A[0] = 1
# follow_page(FOLL_WRITE|FOLL_GET): pte writable -> get_page: X 2/1
P1: gup A[0] write as H
# copy_one_pte: write-protect both, get_page + page_dup_rmap: X 3/2, child anon_rss 1
# (5.9+: refcount 2 < 1024 and no FOLL_PIN: shared as before; 5.19+: AnonExclusive cleared)
P1: fork P2
# parent do_wp_page: mapcount 2 -> copy into Y 1/1; X: page_remove_rmap (1), temp get and two puts: X 2/1
# (5.9+: page_count 3 -> the same copy)
P1: write A[0] = 2
# H is X, which only the child maps: the parent's store is not seen through H
P1: readref H == 1
P2: read A[0] == 1
P1: read A[0] == 2
# child do_wp_page: X mapcount 1 -> reuse in place (page_count 2 not consulted): X stays 2/1.
# The child's private store is now visible through the parent's reference: COW isolation between the two
# processes is broken -> cow-broken (stock 2.6.19 behaviour, through the 3.7 era: 3.7-5.8)
# 5.9+: page_count 2 (P2's pte + H) != 1 -> copy into Z 1/1; X keeps only H (1/0) and the value 1
P2: write A[0] = 3
P1: readref H == 3 until 5.8 == 1 since 5.9

# until 5.8: reuse by mapcount lets P2's store reach H; 5.9+: the refcount rule copies (09854ba94c6a)
expect until 5.8 violation cow-broken
# H was taken for write, and after the parent's COW copy P1 no longer maps the page H holds.
expect violation pin-incoherent
expect P1:A[0] count=1 mapcount=1 anon
expect until 5.8 P2:A[0] count=2 mapcount=1 anon
expect since 5.9 P2:A[0] count=1 mapcount=1 anon value=3
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
