title "vmsplice after fork (CVE-2020-29374): the child's read reference sees the parent's later write until 5.7"
# Question: the child vmsplices (get_user_pages with FOLL_GET, read) a page it shares with its parent,
# then unmaps it; the parent then writes. Does the child's pipe see the parent's new, private data?
# While COW reuse is mapcount-based it does: the parent's write reuses the page the reference holds.
# 5.8 broke COW in GUP itself (17839856fd58, not a model era); 5.9 (09854ba94c6a) copies because
# page_count is 2; 5.19+ copies because the page is not AnonExclusive and page_count is 2.
era 3.7
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1 (5.19+: AnonExclusive)
P1: write A[0] = 1
# copy_one_pte()/copy_present_pte(): X 2/2, read-only in both; 5.19 clears AnonExclusive
P1: fork P2
# vmsplice -> get_user_pages(FOLL_GET, read): follow_page on a present readable PTE, get_page: X 3/2.
# (5.19+: FOLL_GET, not FOLL_PIN: no unshare, gup_must_unshare() is for R/O pins only.)
P2: gup A[0] read as H
# zap_pte_range(): X 2/1 (P1's PTE + H)
P2: munmap A
# parent write fault on X (mapcount 1, page_count 2):
#  <=5.7 reuse_swap_page()/can_share_swap_page(): mapcount 1 -> reuse in place: X becomes 2, and the
#    store reaches the reference P2 holds -> cow-broken.
#  5.9: page_count 2 != 1 -> copy into Y 1/1; X 1/0 (H only).   5.19: not AnonExclusive, count 2 -> copy.
P1: write A[0] = 2
# the pipe reads the page: <=5.7 the parent's new data, 5.8+ the data at vmsplice time
P2: readref H == 2 until 5.7 == 1 since 5.8
P1: read A[0] == 2
# exit: H is put. <=5.7 X 1/1 (P1 only); 5.9+ X is freed
P2: exit

expect until 5.7 violation cow-broken
expect P1:A[0] count=1 mapcount=1 anon value=2
# 5.19+: after the copy (wp_page_copy, RMAP_EXCLUSIVE) P1's page is exclusive
expect since 5.19 P1:A[0] exclusive
expect P1 rss file=0 anon=1
expect P2:A[0] pte=none
