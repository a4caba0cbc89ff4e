title "Pinned vm_insert_page() driver page in a private VMA at fork: 5.9's early COW oopses, 5.19 shares the page"
# Question: a driver vm_insert_page()s its page into a MAP_PRIVATE mapping; the process pins it (FOLL_PIN,
# read) and forks. Fork copies the VMA (VM_MIXEDMAP, 3.7+) although it has no anon_vma. 5.9's early COW
# (70e806e4e645) applies to any maybe-pinned normal page of a COW VMA, so the child gets an anon copy
# added with page_add_new_anon_rmap() on a VMA without anon_vma: BUG_ON(!anon_vma) in
# __page_set_anon_rmap(). 5.19+ (fb3d824d1a46) checks pins only for anon pages and dups the driver page.
# The file runs from 5.9-rc7, the first release with the early COW at fork (pins exist from 5.7, and 5.8
# takes a pin in a COW mapping as a write, which copies the driver page before any fork).
era 5.19
eras 5.9-rc7..
device d preset=insert-page pages=1

# vm_insert_page() at mmap: D (driver count 1) get_page -> 2, page_add_file_rmap -> mapcount 1,
# file_rss 1; VM_MIXEDMAP (4b6e1e37026e); no anon_vma
P1: mmap Z dev:d private rw
P1: read Z[0] == 0
# pin_user_pages(FOLL_PIN, read): not VM_IO/VM_PFNMAP, normal PTE -> D 1026/1. 5.19+: not anon, not
# FOLL_LONGTERM -> no unshare. has_pinned / MMF_HAS_PINNED set.
P1: gup Z[0] pin as H
# copy_page_range(): VM_MIXEDMAP -> copied (vma_needs_copy), no anon_vma to fork.
#  5.9-5.18 copy_present_page(): COW vma, has_pinned, page_maybe_dma_pinned(D) -> new page N (data copied),
#    page_add_new_anon_rmap(N, child vma): _mapcount set to 0 (mapcount 1), then __page_set_anon_rmap()
#    BUG_ON(!vma->anon_vma) -> oops. N is left with mapcount 1 and no PTE (mapcount-mismatch).
#  5.19+: D is not anon -> get_page + page_dup_file_rmap: D 1027/2, child file_rss 1; pins ignored.
P1: fork P2 -> BUG since 5.9-rc7 until 5.18
P2: read Z[0] == 0
P1: readref H == 0

expect since 5.9-rc7 until 5.18 violation kernel-bug
expect since 5.9-rc7 until 5.18 violation mapcount-mismatch
expect since 5.9-rc7 until 5.18 d[0] count=1026 mapcount=1 !anon
expect since 5.19 d[0] count=1027 mapcount=2 !anon
expect since 5.19 P2:Z[0] pte=present count=1027 mapcount=2 !anon
expect since 5.19 P2 rss file=1 anon=0
expect P1 rss file=1 anon=0
