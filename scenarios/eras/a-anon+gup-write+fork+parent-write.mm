title "FOLL_GET write reference, fork, parent write: the parent's write copies away from the referenced page"
# Question: a process holds a get_user_pages(FOLL_WRITE|FOLL_GET) reference (old-style O_DIRECT/RDMA)
# on its anon page and forks. Whose page does the reference end up on, and can the child's write reach
# it? FOLL_GET is not a pin in any era: fork shares the page, the parent's write copies (every COW rule
# sees a second user), so H is left on the child's page (pin-incoherent in every era). The child's
# write then reuses that page (cow-broken) while reuse is mapcount-based (<=5.8), and copies from 5.9.
era 3.7
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1, writable (5.19+: AnonExclusive)
P1: write A[0] = 1
# follow_page(FOLL_WRITE|FOLL_GET) on a writable PTE: get_page -> X 2/1. Not FOLL_PIN: has_pinned stays
# clear in 5.9+ (only FOLL_PIN sets it), so fork has no reason to copy.
P1: gup A[0] write as H
# copy_one_pte() / copy_present_pte(): write-protect both, get_page + page_dup_rmap: X 3/2, child anon_rss 1.
# 5.9: has_pinned clear -> no early copy (70e806e4e645). 5.19: not needs_cow_for_dma -> dup and clear
# AnonExclusive (fb3d824d1a46).
P1: fork P2
# parent do_wp_page() on X:
#  <=5.8 can_share_swap_page()/reuse_swap_page(): mapcount 2 -> copy.
#  5.9 (09854ba94c6a): page_count 3 != 1 -> copy.   5.19: not AnonExclusive, refcount 3 -> copy.
# The parent gets Y 1/1 (value 2); X: page_remove_rmap, two puts -> X 2/1 (P2's PTE + H).
# H was taken for write but P1 no longer maps X: pin-incoherent, in every era.
P1: write A[0] = 2
P1: readref H == 1
P2: read A[0] == 1
P1: read A[0] == 2
# child do_wp_page() on X (count 2: P2's PTE + H; mapcount 1):
#  <=5.8: mapcount 1 -> reuse in place; the store lands in the page P1's reference holds -> cow-broken.
#  5.9: page_count 2 -> copy into Z 1/1; X 1/0 (H only).   5.19: not AnonExclusive, refcount 2 -> copy.
P2: write A[0] = 3
P1: readref H == 3 until 5.8 == 1 since 5.9

expect violation pin-incoherent
expect until 5.8 violation cow-broken
expect P1:A[0] count=1 mapcount=1 anon value=2
# <=5.8 the child kept X: its PTE + P1's reference H
expect until 5.8 P2:A[0] count=2 mapcount=1 anon value=3
# 5.9+ the child has its own copy; X survives only through H
expect since 5.9 P2:A[0] count=1 mapcount=1 anon value=3
expect since 5.19 P1:A[0] exclusive
expect since 5.19 P2:A[0] exclusive
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
