title "FOLL_PIN write pin, then fork: the pinned page is copied for the child, the parent keeps it writable"
# Question: what does fork do with an anonymous page that is pinned for DMA (pin_user_pages, FOLL_PIN)?
# 5.9: copy_present_page() copies any maybe-pinned page of a COW VMA of an mm with has_pinned for the
# child at once and leaves the parent's PTE writable (70e806e4e645). 5.19+: only AnonExclusive
# maybe-pinned anon pages are copied (fb3d824d1a46). An unpinned page is shared as always.
# The question is about the fork rule, so the file runs from 5.9-rc7 (70e806e4e645), its first release:
# 5.7 to 5.9-rc4 pin (FOLL_PIN with the bias, 5.7) and share the pinned page at fork, the bug that
# scenarios/bugs/pin-fork-wrong-cow.mm finds; see a-anon+gup-write+fork+parent-write.mm for FOLL_GET.
era 5.9
eras 5.9-rc7..

P1: mmap A anon pages=2 private rw
# do_anonymous_page() write: X 1/1 at A[0], W 1/1 at A[1] (5.19+: both AnonExclusive)
P1: write A[0] = 1
P1: write A[1] = 2
# pin_user_pages(FOLL_WRITE): try_grab_page adds GUP_PIN_COUNTING_BIAS: X count 1 + 1024 = 1025;
# first pin sets mm->has_pinned (008cfe4418b3) / MMF_HAS_PINNED
P1: gup A[0] write pin as H
# copy_present_pte(), mm/memory.c:
#  A[0]: 5.9 copy_present_page(): COW vma, has_pinned, page_maybe_dma_pinned (1025 >= 1024) -> the child
#    gets C 1/1 anon (data copied), writable and dirty; the parent PTE is not write-protected; X 1025/1.
#    5.19 page_try_dup_anon_rmap(): AnonExclusive and needs_cow_for_dma -> -EBUSY -> copy_present_page(),
#    C added RMAP_EXCLUSIVE; X stays exclusive.
#  A[1]: not pinned -> get_page + dup rmap: W 2/2, both PTEs read-only; 5.19 clears AnonExclusive.
P1: fork P2
# parent PTE of A[0] still writable: the store lands in X, the pinned page, without a fault
P1: write A[0] = 3
P1: readref H == 3
# child's C is writable: its store stays in C
P2: write A[0] = 4
P1: read A[0] == 3
P1: readref H == 3
# do_wp_page() on W (2/2): 5.9 refcount 2 -> copy (09854ba94c6a); 5.19 not AnonExclusive, refcount 2 -> copy.
# P2 gets D 1/1; W 1/1
P2: write A[1] = 5
# W 1/1: 5.9 refcount 1 -> reuse; 5.19 wp_can_reuse_anon_folio (refcount 1) -> reuse and set AnonExclusive
P1: write A[1] = 6
P2: read A[1] == 5
P2: read A[0] == 4

# the pinned page stays the parent's: PTE + 1024 for the pin
expect P1:A[0] count=1025 mapcount=1 anon value=3
expect P2:A[0] count=1 mapcount=1 anon value=4
expect P1:A[1] count=1 mapcount=1 anon value=6
expect P2:A[1] count=1 mapcount=1 anon value=5
# 5.19+: PageAnonExclusive on every page that is mapped writable by one process
expect since 5.19 P1:A[0] exclusive
expect since 5.19 P2:A[0] exclusive
expect since 5.19 P1:A[1] exclusive
expect since 5.19 P2:A[1] exclusive
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
expect no violations
