title "COW reuse after the other sharers exited or unmapped: do_wp_page reuses by mapcount, ignoring extra refs"
# Question: once the other processes are gone, does the write fault copy or reuse? do_wp_page reuses an
# anon page when can_share_swap_page says mapcount == 1, regardless of page_count; a get_user_pages
# reference (H) taken before the write therefore sees the written value (same page).
# Across eras: the answer flips in 5.9. "mm: do_wp_page() simplification" (09854ba94c6a) reuses an anon
# page only if page_count == 1, so H's reference forces a copy and H keeps the old value. In 5.19+ fork
# cleared PageAnonExclusive and wp_can_reuse also needs refcount 1 (6c287605fd56): the same copy. The
# page Y without an extra reference is reused in every era.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# X 1/1, Y 1/1
P1: write A[0] = 1
P1: write A[1] = 2
# X 2/2, Y 2/2
P1: fork P2
# P1's vma still has its anon_vma: copied again: X 3/3, Y 3/3
P1: fork P3
# exit_mmap in P2: X 2/2, Y 2/2
P2: exit
# zap in P3: X 1/1, Y 1/1
P3: munmap A
# get_user_pages read: follow_page on the present (write-protected) pte, FOLL_GET: X 2/1
P1: gup A[0] as H
# do_wp_page: anon, mapcount 1 -> reuse: no copy, X stays 2/1 and receives the store
# 5.9+: page_count 2 != 1 -> copy: P1 gets X' 1/1; X keeps only H's reference (1/0) and the old value
P1: write A[0] = 5
P1: readref H == 5 until 5.8 == 1 since 5.9
# reuse: Y 1/1 (5.9+: page_count 1; 5.19+: not AnonExclusive after fork, but refcount 1 -> reuse)
P1: write A[1] = 6
P1: read A[1] == 6

# until 5.8: X itself, reused; 5.9+: the copy X' (09854ba94c6a)
expect until 5.8 P1:A[0] count=2 mapcount=1 anon
expect since 5.9 P1:A[0] count=1 mapcount=1 anon value=5
expect P1:A[1] count=1 mapcount=1 anon
expect P1 rss file=0 anon=2
expect P3 rss file=0 anon=0
