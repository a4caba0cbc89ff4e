title "Reserved proposal: vm_normal_page NULL for VM_RESERVED, but do_no_page still counts: mismatch and leak"
# Question: if vm_normal_page() returned NULL for VM_RESERVED vmas (the proposal in Ben's mail), would
# spufs stay balanced? No: do_no_page never calls vm_normal_page and takes ref+mapcount+file_rss anyway;
# zap_pte_range sees NULL and gives nothing back. Every fault leaks one count and one mapcount.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device spu preset=spufs-reserved pages=1

P1: mmap A dev:spu pages=1 shared rw
# do_no_page: nopage get (1 -> 2), page_add_file_rmap (mapcount 1), file_rss 1.
# Under the proposal vm_normal_page returns NULL for this pte, so it must own nothing:
# mapcount 1 vs 0 normal ptes -> mapcount-mismatch; file_rss 1 vs 0 normal ptes -> rss-mismatch
P1: read A[0] == 0
# zap_pte_range: page == NULL -> pte cleared, no page_remove_rmap, no put, no file_rss--
P1: munmap A
P1: exit
# memory=reserved: base ref stays; count 2 > the 1 the platform holds -> refcount-leak
spu: release

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
expect spu[0] count=2 mapcount=1
