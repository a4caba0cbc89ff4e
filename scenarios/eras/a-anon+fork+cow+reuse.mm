title "Fork, child write, parent write: COW copy then reuse under the mapcount, refcount and AnonExclusive rules"
# Question: after fork both processes share an anon page read-only. The child's write must copy; does
# the parent's later write (it is now the only user) reuse the page in place, and how does 5.19 record
# it? <=5.8: reuse when mapcount (+swap count) is 1; 5.9: reuse when page_count is 1 (09854ba94c6a);
# 5.19+: reuse when AnonExclusive, else when page_count is 1, then set AnonExclusive (6c287605fd56).
# Here every rule gives the same pages; only PageAnonExclusive tells 5.19+ apart.
era 5.19

P1: mmap A anon pages=2 private rw
# do_anonymous_page() write: X 1/1 at A[0], W 1/1 at A[1]; 5.19+ RMAP_EXCLUSIVE
P1: write A[0] = 1
P1: write A[1] = 2
# copy_one_pte()/copy_present_pte(): X 2/2, W 2/2, all four PTEs read-only; 5.19+ fork clears
# AnonExclusive (page_try_dup_anon_rmap(), fb3d824d1a46)
P1: fork P2
# child do_wp_page() on X: <=5.8 mapcount 2 -> copy; 5.9 page_count 2 -> copy; 5.19 not AnonExclusive,
# page_count 2 -> copy. P2 gets C 1/1 (RMAP_EXCLUSIVE in 5.19+); X 1/1
P2: write A[0] = 3
# parent do_wp_page() on X 1/1: <=5.8 mapcount 1 -> reuse; 5.9 page_count 1 -> reuse;
# 5.19 not AnonExclusive but wp_can_reuse_anon_folio() (count 1) -> reuse and SetPageAnonExclusive
P1: write A[0] = 4
P1: read A[1] == 2
P2: read A[0] == 3

expect P1:A[0] count=1 mapcount=1 anon value=4
expect P2:A[0] count=1 mapcount=1 anon value=3
# W stays shared read-only by both
expect P1:A[1] count=2 mapcount=2 anon value=2
expect since 5.19 P1:A[0] exclusive
expect since 5.19 P2:A[0] exclusive
expect since 5.19 P1:A[1] !exclusive
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
expect no violations
