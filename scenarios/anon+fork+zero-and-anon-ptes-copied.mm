title "Fork of an anonymous vma with an anon_vma copies zero-page ptes too"
# Question: once one write created an anon_vma, what does fork copy? copy_page_range copies every pte
# of the vma; vm_normal_page returns ZERO_PAGE as a normal page, so the zero pte is copied with
# get_page + page_dup_rmap + child file_rss, the anon pte with get_page + page_dup_rmap + child anon_rss.
# Across eras: in 2.6.24-2.6.31 there is no zero page (557ed1fa2620): the read allocates an anon page, and
# fork copies two anon ptes. From 2.6.32 (a13ea5b75964) the zero PTE is special: fork still copies it (the
# vma has an anon_vma), but verbatim, with no count, no mapcount and no rss.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=2 private rw
# ZERO_PAGE mapcount 1, P1 file_rss 1
# 2.6.24-2.6.31: anon page W 1/1, anon_rss 1; 2.6.32+: special zero PTE, nothing counted
P1: read A[0] == 0
# anon_vma_prepare; X 1/1, P1 anon_rss 1
P1: write A[1] = 4
# copied: ZERO_PAGE mapcount 2 (child file_rss 1); X 2/2 (child anon_rss 1)
# 2.6.24-2.6.31: W 2/2, X 2/2, child anon_rss 2; 2.6.32+: zero PTE copied without counts, X 2/2
P1: fork P2
# both ptes already present in the child: no faults
P2: read A[0] == 0
P2: read A[1] == 4

expect P2:A[0] pte=present
expect P2:A[1] count=2 mapcount=2 anon
expect until 2.6.23 P2:A[0] mapcount=2 zero !anon
expect until 2.6.23 P1 rss file=1 anon=1
expect until 2.6.23 P2 rss file=1 anon=1
# 2.6.24-2.6.31: no ZERO_PAGE, A[0] is an anon page shared by fork like A[1] (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P2:A[0] count=2 mapcount=2 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
# 2.6.32+: the zero PTE is copied verbatim, vm_normal_page NULL: nothing counted (a13ea5b75964)
expect since 2.6.32 P2:A[0] mapcount=0 zero !anon
expect since 2.6.32 P1 rss file=0 anon=1
expect since 2.6.32 P2 rss file=0 anon=1
