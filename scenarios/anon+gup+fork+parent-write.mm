title "get_user_pages + fork + parent write: the pinned page ends up in the child (pre-5.x COW/GUP issue)"
# Question: a process holds a get_user_pages reference (DMA, vmsplice) on its anon page and forks; who
# gets the pinned page? Fork shares it (mapcount 2); the parent's write copies (do_wp_page looks at the
# mapcount only), so H keeps the old page that only the child maps; the child's later write reuses that
# page in place, and the parent sees the child's data through H.
era 2.6.19

P1: mmap A anon pages=1 private rw
# X 1/1, writable pte
P1: write A[0] = 1
# follow_page(FOLL_WRITE|FOLL_GET): pte writable -> get_page: X 2/1
P1: gup A[0] write as H
# copy_one_pte: write-protect both, get_page + page_dup_rmap: X 3/2, child anon_rss 1
P1: fork P2
# parent do_wp_page: mapcount 2 -> copy into Y 1/1; X: page_remove_rmap (1), temp get and two puts: X 2/1
P1: write A[0] = 2
# H is X, which only the child maps: the parent's store is not seen through H
P1: readref H == 1
P2: read A[0] == 1
P1: read A[0] == 2
# child do_wp_page: X mapcount 1 -> reuse in place (page_count 2 not consulted): X stays 2/1.
# The child's private store is now visible through the parent's reference: COW isolation between the two
# processes is broken -> cow-broken (stock 2.6.19 behaviour, fixed only in 5.8+)
P2: write A[0] = 3
P1: readref H == 3

expect violation cow-broken
# H was taken for write, and after the parent's COW copy P1 no longer maps the page H holds.
expect violation pin-incoherent
expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=2 mapcount=1 anon
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
