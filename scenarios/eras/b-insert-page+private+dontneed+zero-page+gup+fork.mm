title "GUP of the zero page inside an emptied vm_insert_page VMA, then fork and writes: which page does the reference keep?"
# Question: after MADV_DONTNEED a private vm_insert_page VMA (no vm_ops) refaults anonymously. A read GUP
# then takes the page the era maps there: ZERO_PAGE counted (<=2.6.23), a private anon page (2.6.24-2.6.31),
# or, 2.6.32+ (a13ea5b75964), the zero page through follow_page()'s zero-pfn exception, even in a
# VM_MIXEDMAP VMA (3.7+). Fork always copies this VMA (VM_INSERTPAGE / VM_MIXEDMAP); what do the
# reference and both processes see after each writes?
era 2.6.32
device ins preset=insert-page pages=1

# vm_insert_page(): ins[0] 2/1, file_rss 1; DONTNEED zaps it: 1/0
P1: mmap A dev:ins private rw
P1: madvise A dontneed
# do_anonymous_page() read (vm_ops == NULL): <=2.6.23 ZERO_PAGE get + rmap + file_rss (mapcount 1);
# 2.6.24-2.6.31 anon X 1/1, writable PTE; 2.6.32+ special zero PTE
P1: read A[0] == 0
# follow_page() + FOLL_GET: <=2.6.23 vm_normal_page() = ZERO_PAGE -> get; 2.6.24-2.6.31 X 2/1;
# 2.6.32+ NULL but is_zero_pfn() -> the zero page, get (MIXEDMAP from 3.7 changes nothing).
# 5.8 only (17839856fd58, removed in 5.9-rc4): should_force_cow_break() takes the reference as a write in
# this COW mapping: do_wp_page() copies the zero page into anon X (writable) and Z holds X (2/1). Fork
# shares X (5.8 copies no page at fork), P2's write copies (mapcount 2), and P1's write reuses X
# (reuse_swap_page(): mapcount 1), so the reference sees 4.
P1: gup A[0] as Z
# copy_page_range(): VM_INSERTPAGE / VM_MIXEDMAP -> copied even without anon_vma:
# <=2.6.23 ZERO_PAGE get + dup + P2 file_rss (mapcount 2); 2.6.24-2.6.31 X 3/2, both read-only,
# P2 anon_rss 1; 2.6.32+ special PTE copied verbatim
P1: fork P2
# do_wp_page() in the child: ZERO_PAGE (non-anon, <=2.6.23) / X shared (mapcount 2, 2.6.24-2.6.31) /
# zero pfn (2.6.32+) -> a new anon page Y 1/1 for P2 (<=2.6.23: zero mapcount 1, P2 file -> anon;
# 2.6.24-2.6.31: X 2/1)
P2: write A[0] = 3
# the parent: <=2.6.23 ZERO_PAGE -> copy (zero mapcount 0, file -> anon); 2.6.24-2.6.31 X mapcount 1
# -> reused (can_share_swap_page()), the store goes into X, which Z holds; 2.6.32+ zero pfn -> new page
P1: write A[0] = 4
P1: readref Z == 0 until 2.6.23 == 4 since 2.6.24 until 2.6.31 == 0 since 2.6.32 until 5.7 == 4 since 5.8 until 5.8 == 0 since 5.9-rc4
P2: read A[0] == 3

expect ins[0] count=1 mapcount=0
expect until 2.6.23 P1:A[0] anon count=1 mapcount=1 value=4
expect since 2.6.24 until 2.6.31 P1:A[0] anon count=2 mapcount=1 value=4
expect since 2.6.32 until 5.7 P1:A[0] anon count=1 mapcount=1 value=4
expect since 5.8 until 5.8 P1:A[0] anon count=2 mapcount=1 value=4
expect since 5.9-rc4 P1:A[0] anon count=1 mapcount=1 value=4
expect P2:A[0] anon count=1 mapcount=1 value=3
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
expect no violations
