title "Zero page across eras: anonymous read faults, then a write to one of the pages"
# Question: what does an anonymous read fault map, and what do the counters say after the first write?
# <=2.6.23 ZERO_PAGE is mapped and counted like a file page (ref, mapcount, file_rss); 2.6.24-2.6.31 a
# read fault allocates a real zeroed anon page (anon_vma, anon_rss, LRU, writable PTE); 2.6.32+ the
# zero pfn sits in a special PTE with no counts at all, and the write allocates a zeroed page.
era 2.6.32
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# do_anonymous_page() read fault, mm/memory.c.
#  <=2.6.23: page_cache_get(ZERO_PAGE), file_rss+1, page_add_file_rmap -> zero mapcount 1, no anon_vma.
#  2.6.24 (557ed1fa2620 "remove ZERO_PAGE"): anon_vma_prepare, zeroed page X 1/1 anon, anon_rss 1,
#    maybe_mkwrite(pte_mkdirty()) -> the PTE is already writable.
#  2.6.32 (a13ea5b75964 "mm: reinstate ZERO_PAGE"): pte_mkspecial(zero pfn): no ref, no map, no rss.
P1: read A[0] == 0
# the same for page 1: <=2.6.23 zero mapcount 2, file_rss 2; 2.6.24-2.6.31 page Y 1/1, anon_rss 2
P1: read A[1] == 0
# do_wp_page(), mm/memory.c:
#  <=2.6.23: vm_normal_page() = ZERO_PAGE (not anon) -> copy into a zeroed page N 1/1;
#    page_remove_rmap(ZERO_PAGE) -> zero mapcount 1; file_rss 2->1, anon_rss 0->1.
#  2.6.24-2.6.31: no fault at all, the PTE is writable: X gets the value in place.
#  2.6.32+: vm_normal_page() NULL, is_zero_pfn -> alloc_zeroed_user_highpage, anon_rss+1, zero untouched.
#  5.19+: the new page is added with RMAP_EXCLUSIVE (6c287605fd56).
P1: write A[0] = 3
P1: read A[0] == 3
P1: read A[1] == 0

# page 0 is a private anonymous page with the stored value in every era
expect P1:A[0] count=1 mapcount=1 anon lru !zero value=3
expect since 5.19 P1:A[0] exclusive
# page 1: REFCOUNTED (<=2.6.23): ZERO_PAGE, one mapcount per zero PTE (only P1's A[1] is left)
expect until 2.6.23 P1:A[1] zero mapcount=1 !anon
expect until 2.6.23 P1 rss file=1 anon=1
# NONE (2.6.24-2.6.31): both pages are private anon pages
expect since 2.6.24 until 2.6.31 P1:A[1] count=1 mapcount=1 anon lru !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
# SPECIAL (2.6.32+): the zero PTE is present but counts nothing (ZERO_PAGE mapcount stays 0)
expect since 2.6.32 P1:A[1] pte=present zero mapcount=0 !anon
expect since 2.6.32 P1 rss file=0 anon=1
expect no violations
