title "The zero page from 2.6.0: PG_reserved and uncounted, a leaked reference per COW until 2.6.8, counted from 2.6.15-rc1"
# Derived for every release from the kernel's rules (docs/research/era-commits.md, "Before 2.6.19"):
# 2.6.0-2.6.14 do_anonymous_page() maps the PG_reserved ZERO_PAGE with no reference, mapcount or rss;
# do_wp_page() copies it with rss + 1 and, before Dave Hansen's 2.6.8 fix, a page_cache_get() that
# put_page() never undoes (zero-page-counted).  b5810039a54e (2.6.15-rc1) counts it like a file page:
# file_rss moves to anon_rss on the COW.  557ed1fa2620 (2.6.24) removes it; a13ea5b75964 (2.6.32) makes it
# a special PTE.
era 2.6.0

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: read A[1] == 0
expect here until 2.6.14 P1:A[1] zero mapcount=0
expect here since 2.6.15-rc1 until 2.6.23 P1:A[1] zero mapcount=2
expect here until 2.6.14 P1 rss file=0 anon=0
P1: write A[0] = 1

expect until 2.6.7 violation zero-page-counted
expect P1:A[0] anon count=1 mapcount=1
expect until 2.6.14 P1 rss file=0 anon=1
expect since 2.6.15-rc1 until 2.6.23 P1 rss file=1 anon=1
expect until 2.6.14 P1:A[1] zero mapcount=0
expect since 2.6.15-rc1 until 2.6.23 P1:A[1] zero mapcount=1
