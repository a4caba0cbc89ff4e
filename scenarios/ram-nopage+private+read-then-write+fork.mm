title "ram-nopage private: read maps the driver page, write copies it (do_wp_page), fork copies both kinds of pte"
# Question: in a private nopage vma, how do do_wp_page and fork treat the driver page vs the anon copy?
# do_wp_page copies a non-anon page in a private vma (page_remove_rmap, file_rss-- anon_rss++, two puts);
# once the vma has an anon_vma, copy_page_range copies every pte, and vm_normal_page returns the driver
# page too (no VM_PFNMAP), so it gets get_page + page_dup_rmap like the anon page.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
device drv preset=ram-nopage pages=2

P1: mmap A dev:drv pages=2 private rw
# do_no_page read: drv[0] 2/1, read-only pte (private), file_rss 1
P1: read A[0] == 0
# drv[1] 2/1, file_rss 2
P1: read A[1] == 0
# do_wp_page: old = drv[0] (normal, not anon), vma not shared -> copy: temp get (3), anon_vma_prepare,
# page_remove_rmap (mapcount 0), file_rss 1, anon_rss 1, release new_page=old and the temp ref: drv[0] 1/0.
# New anon page X: 1/1
P1: write A[0] = 4
# vma has an anon_vma -> copied; COW: parent and child ptes write-protected.
# X: get_page + page_dup_rmap -> 2/2, child anon_rss 1; drv[1]: 3/2, child file_rss 1
P1: fork P2
P2: read A[0] == 4
P2: read A[1] == 0
# do_wp_page in the child: X is anon, mapcount 2 -> can_share_swap_page false -> copy:
# X 1/1 (parent only), child gets Y 1/1; anon -> no rss move
P2: write A[0] = 8
P1: read A[0] == 4
P2: read A[0] == 8

expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=1 mapcount=1 anon
expect drv[0] count=1 mapcount=0
expect drv[1] count=3 mapcount=2 !anon
expect P1 rss file=1 anon=1
expect P2 rss file=1 anon=1
