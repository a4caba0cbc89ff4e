title "get_user_pages on a read-faulted anonymous page, then a write: which page does the reference hold?"
# Question: a process reads an anonymous page, takes a read get_user_pages reference on it (FOLL_GET),
# then writes it. Does the reference see the write? It holds ZERO_PAGE, which the write copies away
# from, while read faults map the zero page (<=2.6.23 counted, 2.6.32+ special: follow_page() hands out
# the zero page for the zero pfn). 2.6.24-2.6.31 the read fault made a private writable page, so the
# write lands in the referenced page.
era 2.6.24
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=1 private rw
# do_anonymous_page() read: <=2.6.23 ZERO_PAGE counted (mapcount 1, file_rss 1); 2.6.24-2.6.31 anon page
# X 1/1, writable (557ed1fa2620); 2.6.32+ special zero PTE, no counts (a13ea5b75964)
P1: read A[0] == 0
# follow_page(FOLL_GET): <=2.6.23 vm_normal_page() = ZERO_PAGE -> get_page; 2.6.24-2.6.31 X 2/1;
# 2.6.32+ vm_normal_page() NULL, but the zero pfn returns the zero page -> get_page (a GUP reference,
# which zero-page-counted does not count). 5.8 only (17839856fd58, removed in 5.9-rc4 by a308c71bf1e6):
# should_force_cow_break() takes a reference into a COW mapping as a write, so the zero page is first
# copied into N (1/1, writable) and H holds N (2/1); the store then lands in N, which H reads.
P1: gup A[0] read as H
# <=2.6.23 do_wp_page(): ZERO_PAGE not anon -> copy into N 1/1; zero mapcount 0, file_rss 0, anon_rss 1.
# 2.6.24-2.6.31: the PTE is writable: store into X, no fault.
# 2.6.32+ do_wp_page(): NULL page, zero pfn -> zeroed N 1/1, anon_rss 1.
P1: write A[0] = 5
P1: readref H == 0 until 2.6.23 == 5 since 2.6.24 until 2.6.31 == 0 since 2.6.32 until 5.7 == 5 since 5.8 until 5.8 == 0 since 5.9-rc4
P1: read A[0] == 5

expect until 2.6.23 P1:A[0] count=1 mapcount=1 anon !zero value=5
expect since 2.6.24 until 2.6.31 P1:A[0] count=2 mapcount=1 anon !zero value=5
expect since 2.6.32 until 5.7 P1:A[0] count=1 mapcount=1 anon !zero value=5
expect since 5.8 until 5.8 P1:A[0] count=2 mapcount=1 anon !zero value=5
expect since 5.9-rc4 P1:A[0] count=1 mapcount=1 anon !zero value=5
expect since 5.19 P1:A[0] exclusive
expect P1 rss file=0 anon=1
expect no violations
