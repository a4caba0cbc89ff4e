title "Anonymous memory: read faults map ZERO_PAGE (counted like a file page), a write copies it"
# Question: how is the zero page accounted in 2.6.19, and what does the first write do? do_anonymous_page
# read: ZERO_PAGE + page_cache_get, file_rss++, page_add_file_rmap, no anon_vma_prepare. do_wp_page:
# vm_normal_page returns ZERO_PAGE (PageReserved not consulted), not anon -> copy into a zeroed page.
# (ZERO_PAGE's own base count is not asserted; its mapcount is.)
# Across eras: 2.6.24-2.6.31 have no zero page at all (557ed1fa2620 "remove ZERO_PAGE"): each read
# allocates a private anon page; from 2.6.32 (a13ea5b75964 "mm: reinstate ZERO_PAGE") the read maps the
# zero pfn in a special PTE that owns no count, no mapcount and no rss, and the write allocates a zeroed page.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, file_rss 1
# 2.6.24-2.6.31: anon_vma_prepare, new anon page 1/1, anon_rss 1 (pte writable+dirty: maybe_mkwrite)
# 2.6.32+: special zero PTE, nothing counted
P1: read A[0] == 0
# ZERO_PAGE mapcount 2, file_rss 2 (2.6.24-2.6.31: a second anon page; 2.6.32+: a second zero PTE)
P1: read A[1] == 0
# do_wp_page: old == ZERO_PAGE -> alloc_zeroed_user_highpage; page_remove_rmap(ZERO_PAGE) -> mapcount 1;
# not anon -> file_rss 1, anon_rss 1; new anon page 1/1 on the LRU
# 2.6.24-2.6.31: the anon page is already P1's: stored in place (no fault, or do_wp_page reuse)
# 2.6.32+: do_wp_page, vm_normal_page NULL on the zero pfn -> zeroed page 1/1, anon_rss 1; zero page untouched
P1: write A[0] = 3
P1: read A[0] == 3
P1: read A[1] == 0

expect P1:A[0] count=1 mapcount=1 anon lru !zero
expect until 2.6.23 P1:A[1] mapcount=1 zero !anon
expect until 2.6.23 P1 rss file=1 anon=1
# 2.6.24-2.6.31: no ZERO_PAGE, the read allocated an anon page (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P1:A[1] count=1 mapcount=1 anon lru !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
# 2.6.32+: the zero page is mapped by a special PTE: its mapcount stays 0, no rss (a13ea5b75964)
expect since 2.6.32 P1:A[1] mapcount=0 zero !anon
expect since 2.6.32 P1 rss file=0 anon=1
