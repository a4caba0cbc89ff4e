title "Reserved proposal, private VM_RESERVED nopage vma: COW never releases the old page; the copy outlives its anon_vma"
# Question: under the proposal, what happens to COW in a private VM_RESERVED vma? do_no_page counts the
# driver page; do_wp_page's vm_normal_page returns NULL, so it goes straight to "gotten": copies from the
# user address, anon_rss++ only, and never page_remove_rmap/put's the driver page. The new anon page is
# special for vm_normal_page too, so munmap leaves it mapped-counted while its anon_vma is freed.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device drv preset=ram-nopage pages=1 flags=VM_RESERVED

P1: mmap A dev:drv pages=1 private rw
# do_no_page read: drv[0] 2/1, file_rss 1; pte special under the proposal -> mapcount-mismatch, rss-mismatch
P1: read A[0] == 0
# do_wp_page: old_page NULL -> no temp ref, no page_remove_rmap, no put: drv[0] stays 2/1, file_rss stays 1;
# anon_vma_prepare, X 1/1 (copied from the user address), anon_rss 1
P1: write A[0] = 5
P1: read A[0] == 5
# zap: NULL -> pte cleared only; anon_vma_unlink frees the anon_vma: X mapcount 1 -> dangling-anon-vma
P1: munmap A
P1: exit
# driver put: drv[0] 2 -> 1, still mapcount 1 with no pte; X 1/1 with no owner -> refcount-leak
drv: release

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation dangling-anon-vma
expect violation refcount-leak
expect drv[0] count=1 mapcount=1
