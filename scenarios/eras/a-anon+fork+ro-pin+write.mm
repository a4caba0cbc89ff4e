title "Read-only pin of a page shared by fork: 5.9 pins the shared page and loses it, 5.19 unshares first"
# Question: after fork, the parent takes a read-only FOLL_PIN (a DMA read source) on a page it shares
# with the child, then writes. Does the pin keep showing the parent's memory? 5.9: the pin lands on the
# shared page; the parent's write copies (refcount != 1), so the pin is left on the child's side and
# goes stale. 5.19+: gup_must_unshare() makes GUP unshare the page first (a7f226604170), the pin lands
# on the parent's own AnonExclusive copy, and the later write reuses it. 5.7 (the first release with the
# pin bias): the pin lands on the shared page, the parent's write copies (mapcount 2), and the child's
# write then reuses the pinned page in place (reuse_swap_page(): mapcount 1), so the pin reads the child's
# 3: the "COW can break either way" problem. 5.8 (17839856fd58, removed in 5.9-rc4): the pin is taken as
# a write in this COW mapping, so the parent copies before pinning and the pin stays coherent.
era 5.19

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1 (5.19+: AnonExclusive)
P1: write A[0] = 1
# copy_present_pte(): no pin yet -> share: X 2/2, read-only in both; 5.19 clears AnonExclusive
P1: fork P2
# pin_user_pages(FOLL_PIN, no FOLL_WRITE):
#  5.9: follow_page_pte() takes the pin on X as it is: X 1026/2, has_pinned set.
#  5.19: X is anon and not AnonExclusive -> -EMLINK -> FAULT_FLAG_UNSHARE fault: do_wp_page() ->
#    refcount 2 -> wp_page_copy() into Y, mapped read-only (UNSHARE), RMAP_EXCLUSIVE; X 1/1 (child);
#    then the pin lands on Y: Y 1025/1.
P1: gup A[0] pin as H
# parent write fault:
#  5.9 do_wp_page() (09854ba94c6a): X page_count 1026 != 1 -> copy into Y 1/1; X 1025/1 (P2 PTE + pin).
#  5.19: Y is AnonExclusive -> reuse in place (pin + PTE, 1025/1).
P1: write A[0] = 2
# H: 5.9 still X (stale, old data); 5.19 the parent's page
P1: readref H == 1 until 5.7 == 2 since 5.8 until 5.8 == 1 since 5.9-rc4 until 5.18 == 2 since 5.19
P2: read A[0] == 1
# child write fault on X:
#  5.9: page_count 1025 != 1 -> copy into Z 1/1; X 1024/0, kept only by the pin.
#  5.19: X not AnonExclusive, refcount 1 -> reuse, set AnonExclusive.
P2: write A[0] = 3
P1: readref H == 3 until 5.7 == 2 since 5.8 until 5.8 == 1 since 5.9-rc4 until 5.18 == 2 since 5.19
P1: read A[0] == 2

# 5.9-5.18: each process has a fresh copy; the pinned X is mapped by nobody
expect until 5.7 P1:A[0] count=1 mapcount=1 anon value=2
expect until 5.7 P2:A[0] count=1025 mapcount=1 anon value=3
expect since 5.8 until 5.8 P1:A[0] count=1025 mapcount=1 anon value=2
expect since 5.8 until 5.8 P2:A[0] count=1 mapcount=1 anon value=3
expect since 5.9-rc4 until 5.18 P1:A[0] count=1 mapcount=1 anon value=2
expect since 5.9-rc4 until 5.18 P2:A[0] count=1 mapcount=1 anon value=3
# 5.19+: the pin sits on the parent's mapped page, and the child reused X
expect since 5.19 P1:A[0] count=1025 mapcount=1 anon exclusive value=2
expect since 5.19 P2:A[0] count=1 mapcount=1 anon exclusive value=3
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
expect until 5.7 violation cow-broken
expect since 5.8 no violations
