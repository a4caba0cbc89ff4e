title "vm_insert_page() of the zero page: counted like any page until 6.10, a special PTE from 6.11"
# Question: a driver inserts the shared zero page into a user mapping with vm_insert_page() (as
# vm_map_pages_zero() users can). Until 6.10 insert_page() refcounts and rmaps it like any page, which
# contradicts the 2.6.32+ rule that the zero page is never counted (zero-page-counted, 2.6.32-6.10).
# From 6.11 (fce831c92092, era 6.18) it gets a special PTE. Fork copies the VMA in every era (VM_INSERTPAGE
# <=3.6, VM_MIXEDMAP 3.7+, 4b6e1e37026e); the child's write replaces the zero page by a zeroed anon page.
era 3.7
device z preset=insert-page memory=zero pages=1

# vm_insert_page() at mmap, private (COW) VMA:
#  <=6.10 insert_page(): get_page(ZERO_PAGE), file_rss +1, page_add_file_rmap -> zero mapcount 1, normal PTE.
#    2.6.32+: the zero page's mapcount changes -> zero-page-counted.
#  6.11+: vm_mixed_zeropage_allowed() (COW VMA) -> special PTE, no ref, no map, no rss.
P1: mmap Z dev:z private rw
P1: read Z[0] == 0
# copy_page_range(): VM_INSERTPAGE (<=3.6) / VM_MIXEDMAP (3.7+) -> always copied.
#  <=6.10: vm_normal_page() returns ZERO_PAGE (a normal PTE) -> get_page + dup rmap, P2 file_rss 1.
#  6.11+: vm_normal_page() NULL (special, MIXEDMAP / zero pfn) -> PTE copied, no counts.
P1: fork P2
# do_wp_page() in the child:
#  <=6.10: old page ZERO_PAGE, not anon -> copy (2.6.32+: is_zero_pfn -> zeroed page) into N 1/1;
#    page_remove_rmap(ZERO_PAGE), P2 file_rss -1, anon_rss +1.
#  6.11+: NULL page, zero pfn -> zeroed N 1/1, anon_rss +1 (wp_page_copy).
P2: write Z[0] = 4
P1: read Z[0] == 0
P2: read Z[0] == 4

expect since 2.6.32 until 6.10 violation zero-page-counted
# ZERO_PAGE is still mapped by P1 only: counted until 6.10, not from 6.11
expect until 6.10 z[0] zero mapcount=1
expect until 6.10 P1:Z[0] pte=present zero mapcount=1
expect until 6.10 P1 rss file=1 anon=0
expect since 6.11 z[0] zero mapcount=0
expect since 6.11 P1:Z[0] pte=present zero mapcount=0
expect since 6.11 P1 rss file=0 anon=0
expect P2:Z[0] count=1 mapcount=1 anon !zero value=4
expect since 5.19 P2:Z[0] exclusive
expect P2 rss file=0 anon=1
