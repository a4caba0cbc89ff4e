title "Anonymous COW after fork: the child's write copies (mapcount 2), the parent then reuses (mapcount 1)"
# Question: who copies and who reuses after fork? copy_one_pte write-protects both ptes and does get_page +
# page_dup_rmap. do_wp_page on an anon page reuses it iff can_share_swap_page (mapcount 1, no other swap
# references); with mapcount 2 it copies. Each process must see its own data.
# Across eras: the same answer in every era; only the reason for the parent's reuse changes: mapcount 1
# until 5.8, page_count 1 from 5.9 (09854ba94c6a), and from 5.19 the page lost PageAnonExclusive at fork
# but wp_can_reuse finds refcount 1 and marks it exclusive again (6c287605fd56).
era 2.6.19

P1: mmap A anon pages=2 private rw
# do_anonymous_page write: X 1/1, Y 1/1, anon_rss 2
P1: write A[0] = 1
P1: write A[1] = 2
# copied: X 2/2, Y 2/2, child anon_rss 2; all four ptes read-only
P1: fork P2
# child do_wp_page on X: mapcount 2 -> copy: X 1/1 (parent), child X' 1/1
P2: write A[0] = 10
P2: read A[1] == 2
P1: read A[0] == 1
P2: read A[0] == 10
# parent do_wp_page on X: mapcount 1, not in swap cache -> reuse in place (count stays 1)
P1: write A[0] = 11
P1: read A[0] == 11
P2: read A[0] == 10

expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=1 mapcount=1 anon
expect P1:A[1] count=2 mapcount=2 anon
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
