title "Fork after read-only faults: a VMA without anon_vma is not copied; zero PTEs are copied only with it"
# Question: what does the child get for anonymous memory that was only read? copy_page_range() copies a
# VMA only if it has an anon_vma (or is PFNMAP/INSERTPAGE/MIXEDMAP). <=2.6.23 and 2.6.32+ read faults
# map the zero page without anon_vma_prepare, so the first child gets nothing and refaults;
# 2.6.24-2.6.31 read faults allocate anon pages, so the VMA is copied. Once a write creates the
# anon_vma, the zero PTEs are copied too: counted <=2.6.23, verbatim with no counts 2.6.32+.
era 2.6.24
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# do_anonymous_page() read: <=2.6.23 ZERO_PAGE ref/map/file_rss (no anon_vma); 2.6.24-2.6.31 anon
# page Z 1/1 + anon_vma (557ed1fa2620); 2.6.32+ special zero PTE, nothing counted, no anon_vma (a13ea5b75964)
P1: read A[0] == 0
# copy_page_range(): <=2.6.23 and 2.6.32+ no anon_vma -> nothing copied, P2's A stays empty.
# 2.6.24-2.6.31: copied: Z get_page + page_dup_rmap: 2/2, P2 anon_rss 1
P1: fork P2
# the child faults page 1 itself: <=2.6.23 ZERO_PAGE (zero mapcount +1, P2 file_rss 1); 2.6.24-2.6.31 a
# new anon page in P2 (P2's VMA has an anon_vma cloned by anon_vma_fork/anon_vma_link); 2.6.32+ zero PTE
P2: read A[1] == 0
# do_anonymous_page() write: anon_vma_prepare in every era; W 1/1 anon (5.19+: AnonExclusive)
P1: write A[1] = 5
# now A has an anon_vma: copy_one_pte()/copy_present_pte() for P3:
#  A[0] <=2.6.23: vm_normal_page() = ZERO_PAGE -> get_page + page_dup_rmap, P3 file_rss 1.
#       2.6.24-2.6.31: Z 3/3, P3 anon_rss 1.   2.6.32+: vm_normal_page() NULL -> PTE copied, no counts.
#  A[1]: W 2/2, P3 anon_rss +1 (5.19 clears AnonExclusive).
P1: fork P3
P3: read A[0] == 0
P3: read A[1] == 5

# <=2.6.23: ZERO_PAGE is mapped by P1 A[0], P2 A[1] and P3 A[0], each counted
expect until 2.6.23 P1:A[0] zero mapcount=3 !anon
expect until 2.6.23 P2:A[0] pte=none
expect until 2.6.23 P2:A[1] zero mapcount=3
expect until 2.6.23 P1 rss file=1 anon=1
expect until 2.6.23 P2 rss file=1 anon=0
expect until 2.6.23 P3 rss file=1 anon=1
# 2.6.24-2.6.31: Z is shared by all three; P2 has its own page for A[1]
expect since 2.6.24 until 2.6.31 P1:A[0] count=3 mapcount=3 anon !zero
expect since 2.6.24 until 2.6.31 P2:A[0] count=3 mapcount=3 anon
expect since 2.6.24 until 2.6.31 P2:A[1] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P3 rss file=0 anon=2
# 2.6.32+: zero PTEs everywhere they were faulted or copied, and nothing counts them
expect since 2.6.32 P1:A[0] pte=present zero mapcount=0
expect since 2.6.32 P2:A[0] pte=none
expect since 2.6.32 P2:A[1] pte=present zero mapcount=0
expect since 2.6.32 P3:A[0] pte=present zero mapcount=0
expect since 2.6.32 P1 rss file=0 anon=1
expect since 2.6.32 P2 rss file=0 anon=0
expect since 2.6.32 P3 rss file=0 anon=1
# the written page is shared by P1 and P3 in every era
expect P3:A[1] count=2 mapcount=2 anon value=5
expect since 5.19 P3:A[1] !exclusive
expect no violations
