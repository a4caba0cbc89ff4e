title "Fork of an anonymous vma with an anon_vma copies zero-page ptes too"
# Question: once one write created an anon_vma, what does fork copy? copy_page_range copies every pte
# of the vma; vm_normal_page returns ZERO_PAGE as a normal page, so the zero pte is copied with
# get_page + page_dup_rmap + child file_rss, the anon pte with get_page + page_dup_rmap + child anon_rss.
era 2.6.19

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, P1 file_rss 1
P1: read A[0] == 0
# anon_vma_prepare; X 1/1, P1 anon_rss 1
P1: write A[1] = 4
# copied: ZERO_PAGE mapcount 2 (child file_rss 1); X 2/2 (child anon_rss 1)
P1: fork P2
# both ptes already present in the child: no faults
P2: read A[0] == 0
P2: read A[1] == 4

expect P2:A[0] pte=present
expect P2:A[0] mapcount=2 zero !anon
expect P2:A[1] count=2 mapcount=2 anon
expect P1 rss file=1 anon=1
expect P2 rss file=1 anon=1
