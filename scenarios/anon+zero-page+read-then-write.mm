title "Anonymous memory: read faults map ZERO_PAGE (counted like a file page), a write copies it"
# Question: how is the zero page accounted in 2.6.19, and what does the first write do? do_anonymous_page
# read: ZERO_PAGE + page_cache_get, file_rss++, page_add_file_rmap, no anon_vma_prepare. do_wp_page:
# vm_normal_page returns ZERO_PAGE (PageReserved not consulted), not anon -> copy into a zeroed page.
# (ZERO_PAGE's own base count is not asserted; its mapcount is.)
era 2.6.19

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, file_rss 1
P1: read A[0] == 0
# ZERO_PAGE mapcount 2, file_rss 2
P1: read A[1] == 0
# do_wp_page: old == ZERO_PAGE -> alloc_zeroed_user_highpage; page_remove_rmap(ZERO_PAGE) -> mapcount 1;
# not anon -> file_rss 1, anon_rss 1; new anon page 1/1 on the LRU
P1: write A[0] = 3
P1: read A[0] == 3
P1: read A[1] == 0

expect P1:A[0] count=1 mapcount=1 anon lru !zero
expect P1:A[1] mapcount=1 zero !anon
expect P1 rss file=1 anon=1
