title "MADV_DONTNEED on anonymous memory: pages zapped, the next read sees zeros again"
# Question: what does MADV_DONTNEED do to an anonymous vma? madvise_dontneed -> zap_page_range: the same
# per-pte accounting as munmap, vma kept; the next read refaults through do_anonymous_page -> ZERO_PAGE.
era 2.6.19

P1: mmap A anon pages=2 private rw
# X 1/1, anon_rss 1
P1: write A[0] = 7
# ZERO_PAGE mapcount 1, file_rss 1
P1: read A[1] == 0
# zap: X freed (anon_rss 0); ZERO_PAGE mapcount 0 (file_rss 0)
P1: madvise A dontneed
# do_anonymous_page read: ZERO_PAGE mapcount 1, file_rss 1
P1: read A[0] == 0

expect P1:A[0] mapcount=1 zero !anon
expect P1:A[1] pte=none
expect P1 rss file=1 anon=0
