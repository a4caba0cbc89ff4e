title "Fork after read-only anonymous faults: nothing is copied, the child refaults the zero page"
# Question: is a private anonymous vma that only saw read faults copied at fork? No: read faults map
# ZERO_PAGE without anon_vma_prepare, so the vma has no anon_vma and copy_page_range skips it. The child
# refaults ZERO_PAGE; its first write copies from ZERO_PAGE without affecting the parent.
# Across eras: in 2.6.24-2.6.31 (557ed1fa2620 "remove ZERO_PAGE") the reads allocate anon pages and
# prepare the anon_vma, so fork DOES copy the vma (reference 13.2: "only read faults" has an anon_vma
# in D-E) and the child's write is an ordinary COW of a shared anon page. From 2.6.32 (a13ea5b75964) the
# reads map special zero PTEs without anon_vma again: the vma is skipped as in 2.6.19, but the zero PTEs
# own nothing.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, then 2; P1 file_rss 2; still no anon_vma
# 2.6.24-2.6.31: anon pages X 1/1 and Y 1/1, anon_rss 2, anon_vma prepared
# 2.6.32+: two special zero PTEs, nothing counted, no anon_vma
P1: read A[0] == 0
P1: read A[1] == 0
# copy_page_range: no anon_vma, no special flags -> return without copying
# 2.6.24-2.6.31: anon_vma -> copied: X 2/2, Y 2/2, child anon_rss 2
P1: fork P2
# child do_anonymous_page read: ZERO_PAGE mapcount 3, child file_rss 1
# 2.6.24-2.6.31: the pte is already there (no fault); 2.6.32+: a special zero PTE
P2: read A[1] == 0
# child do_wp_page on ZERO_PAGE: zeroed copy; ZERO_PAGE mapcount 2; child file_rss 0, anon_rss 1
# 2.6.24-2.6.31: do_wp_page on Y, mapcount 2 -> copy: child Y' 1/1, Y 1/1 (parent)
# 2.6.32+: do_wp_page on the zero pfn -> zeroed page 1/1, anon_rss 1
P2: write A[1] = 5
P1: read A[1] == 0
P2: read A[1] == 5

expect P2:A[1] count=1 mapcount=1 anon
expect until 2.6.23 P2:A[0] pte=none
expect until 2.6.23 P1:A[1] mapcount=2 zero
expect until 2.6.23 P1 rss file=2 anon=0
expect until 2.6.23 P2 rss file=0 anon=1
# 2.6.24-2.6.31: the read faults gave the vma an anon_vma, so fork copied both anon ptes (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P2:A[0] pte=present count=2 mapcount=2 anon
expect since 2.6.24 until 2.6.31 P1:A[1] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
# 2.6.32+: special zero PTEs, no anon_vma: not copied; the zero page is never counted (a13ea5b75964)
expect since 2.6.32 P2:A[0] pte=none
expect since 2.6.32 P1:A[1] mapcount=0 zero
expect since 2.6.32 P1 rss file=0 anon=0
expect since 2.6.32 P2 rss file=0 anon=1
