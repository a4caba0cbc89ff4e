title "MADV_DONTNEED on private anonymous memory frees the page; the next read maps the zero page"
# madvise_dontneed -> zap_page_range: the exclusive anon page loses its only mapping and reference and
# is freed; the data is gone. A read then takes a fresh anonymous read fault: the zero page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: madvise A dontneed
P1: read A[0] == 0
P1: write A[1] = 3

expect P1:A[0] zero pte=present
expect P1:A[1] count=1 mapcount=1 anon exclusive value=3
expect P1 rss file=0 anon=1
expect no violations
