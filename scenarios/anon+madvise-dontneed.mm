title "MADV_DONTNEED on anonymous memory: pages zapped, the next read sees zeros again"
# Question: what does MADV_DONTNEED do to an anonymous vma? madvise_dontneed -> zap_page_range: the same
# per-pte accounting as munmap, vma kept; the next read refaults through do_anonymous_page -> ZERO_PAGE.
# Across eras: the value read back is 0 in every era; what backs it changes. 2.6.24-2.6.31 have no zero
# page (557ed1fa2620): the refault allocates a fresh anon page. From 2.6.32 (a13ea5b75964) it is a special
# zero PTE that owns nothing.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# X 1/1, anon_rss 1
P1: write A[0] = 7
# ZERO_PAGE mapcount 1, file_rss 1 (2.6.24-2.6.31: anon page 1/1, anon_rss 2; 2.6.32+: special zero PTE)
P1: read A[1] == 0
# zap: X freed (anon_rss 0); ZERO_PAGE mapcount 0 (file_rss 0)
P1: madvise A dontneed
# do_anonymous_page read: ZERO_PAGE mapcount 1, file_rss 1
# (2.6.24-2.6.31: a fresh zeroed anon page 1/1, anon_rss 1; 2.6.32+: special zero PTE, nothing counted)
P1: read A[0] == 0

expect P1:A[1] pte=none
expect until 2.6.23 P1:A[0] mapcount=1 zero !anon
expect until 2.6.23 P1 rss file=1 anon=0
# 2.6.24-2.6.31: no ZERO_PAGE, the refault allocates an anon page (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P1:A[0] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=1
# 2.6.32+: a special zero PTE, never counted (a13ea5b75964)
expect since 2.6.32 P1:A[0] mapcount=0 zero !anon
expect since 2.6.32 P1 rss file=0 anon=0
