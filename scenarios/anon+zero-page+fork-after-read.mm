title "Fork after read-only anonymous faults: nothing is copied, the child refaults the zero page"
# Question: is a private anonymous vma that only saw read faults copied at fork? No: read faults map
# ZERO_PAGE without anon_vma_prepare, so the vma has no anon_vma and copy_page_range skips it. The child
# refaults ZERO_PAGE; its first write copies from ZERO_PAGE without affecting the parent.
era 2.6.19

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, then 2; P1 file_rss 2; still no anon_vma
P1: read A[0] == 0
P1: read A[1] == 0
# copy_page_range: no anon_vma, no special flags -> return without copying
P1: fork P2
# child do_anonymous_page read: ZERO_PAGE mapcount 3, child file_rss 1
P2: read A[1] == 0
# child do_wp_page on ZERO_PAGE: zeroed copy; ZERO_PAGE mapcount 2; child file_rss 0, anon_rss 1
P2: write A[1] = 5
P1: read A[1] == 0
P2: read A[1] == 5

expect P2:A[0] pte=none
expect P2:A[1] count=1 mapcount=1 anon
expect P1:A[1] mapcount=2 zero
expect P1 rss file=2 anon=0
expect P2 rss file=0 anon=1
