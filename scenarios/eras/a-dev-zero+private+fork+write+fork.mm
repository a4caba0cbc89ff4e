title "Private /dev/zero: prefilled with counted ZERO_PAGE PTEs at mmap until 2.6.23, plain anonymous memory after"
# Question: what does a MAP_PRIVATE mmap of /dev/zero install? <=2.6.23 mmap_zero() calls
# zeromap_page_range(): every page gets a read-only ZERO_PAGE PTE with a ref, a mapcount and file_rss,
# but no anon_vma. 557ed1fa2620 ("remove ZERO_PAGE", 2.6.24) removed zeromap_page_range(): from then on
# the mapping is ordinary anonymous memory (2.6.24-2.6.31 anon pages on read, 2.6.32+ special zero PTEs).
era 2.6.23
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

# drivers/char/mem.c mmap_zero(), private: <=2.6.23 zeromap_page_range() over 3 pages: zero mapcount 3,
# P1 file_rss 3, read-only PTEs; 2.6.24+ nothing is installed
P1: mmap Z zero private rw pages=3
# copy_page_range(): no anon_vma in any era -> nothing copied (the zero PTEs of <=2.6.23 are not copied)
P1: fork P3
# the child faults through do_anonymous_page(): <=2.6.23 ZERO_PAGE (counted, P3 file_rss 1);
# 2.6.24-2.6.31 a new anon page; 2.6.32+ a special zero PTE
P3: read Z[1] == 0
# <=2.6.23: the PTE is there already, no fault; 2.6.24-2.6.31: anon page Z0 1/1; 2.6.32+: zero PTE
P1: read Z[0] == 0
# <=2.6.23 do_wp_page() on ZERO_PAGE: copy into X 1/1, zero mapcount -1, file_rss -1, anon_rss +1.
# 2.6.24+: no PTE yet -> do_anonymous_page() write: X 1/1, anon_vma_prepare.
P1: write Z[1] = 7
# copy_page_range() (anon_vma now in every era):
#  Z[0]: <=2.6.23 ZERO_PAGE get + dup rmap, P2 file_rss 1; 2.6.24-2.6.31 Z0 2/2; 2.6.32+ verbatim, no counts.
#  Z[1]: X 2/2, P2 anon_rss 1 (5.19 clears AnonExclusive).
#  Z[2]: <=2.6.23 the prefilled ZERO_PAGE PTE, counted for P2 (file_rss); later eras: none.
P1: fork P2
# child write on Z[0]: <=2.6.23 ZERO_PAGE -> copy, zero mapcount -1, P2 file -1 anon +1;
# 2.6.24-2.6.31 Z0 mapcount 2 -> copy (Z0 back to 1/1); 2.6.32+ zero pfn -> zeroed page
P2: write Z[0] = 9
P1: read Z[0] == 0
P2: read Z[1] == 7

# <=2.6.23: ZERO_PAGE PTEs: P1 Z[0] and Z[2] (prefill), P2 Z[2] (copied), P3 Z[1] (read fault)
expect until 2.6.23 P1:Z[2] pte=present zero mapcount=4 !anon
expect until 2.6.23 P1:Z[0] zero
expect until 2.6.23 P2:Z[2] pte=present zero
expect until 2.6.23 P3:Z[1] zero
expect until 2.6.23 P1 rss file=2 anon=1
expect until 2.6.23 P2 rss file=1 anon=2
expect until 2.6.23 P3 rss file=1 anon=0
# 2.6.24+: no prefill: page 2 was never touched
expect since 2.6.24 P1:Z[2] pte=none
expect since 2.6.24 P2:Z[2] pte=none
# 2.6.24-2.6.31: read faults allocate
expect since 2.6.24 until 2.6.31 P1:Z[0] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P3:Z[1] count=1 mapcount=1 anon
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P3 rss file=0 anon=1
# 2.6.32+: special zero PTEs, no counts
expect since 2.6.32 P1:Z[0] pte=present zero mapcount=0
expect since 2.6.32 P3:Z[1] pte=present zero mapcount=0
expect since 2.6.32 P1 rss file=0 anon=1
expect since 2.6.32 P2 rss file=0 anon=2
expect since 2.6.32 P3 rss file=0 anon=0
# in every era: P2's written page is its own, X is shared by P1 and P2
expect P2:Z[0] count=1 mapcount=1 anon value=9
expect P1:Z[1] count=2 mapcount=2 anon value=7
expect P3:Z[0] pte=none
expect no violations
