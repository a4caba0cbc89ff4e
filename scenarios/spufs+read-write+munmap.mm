title "spufs: nopage read and write faults, munmap: SPE page counts return to the base reference"
# Question: what does a spufs local-store fault do to the SPE struct page (PG_reserved, count 1 from
# __add_pages), and does munmap give everything back? Stock 2.6.19: vm_normal_page ignores VM_IO and
# PageReserved, so the pte owns one count + one mapcount + one file_rss, and zap returns them.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=2 shared rw
# do_no_page read (mm/memory.c): spufs nopage page_cache_get: spu[0] count 1 -> 2;
# page_add_file_rmap: mapcount 0 -> 1; file_rss 1. Local store starts as zeros.
P1: read A[0] == 0
# do_no_page write fault in a VM_SHARED vma: no early COW; nopage +1 (spu[1] 1 -> 2),
# dirty_page get_page/put_page nets 0; mapcount 1; file_rss 2
P1: write A[1] = 7
P1: read A[1] == 7
# do_munmap -> unmap_region -> zap_pte_range: vm_normal_page returns the SPE page (VM_IO not consulted):
# file_rss--, page_remove_rmap, put after the mmu_gather flush: both pages back to count 1, mapcount 0
P1: munmap A
# the local store keeps its contents; a new shared mapping refaults spu[1]: count 2, mapcount 1, file_rss 1
P1: mmap B dev:spu pages=2 shared rw
P1: read B[1] == 7

expect spu[0] count=1 mapcount=0
expect spu[1] count=2 mapcount=1
# do_no_page never puts nopage pages on the LRU; SPE pages have mapping NULL (not anon) and PG_reserved
expect P1:B[1] count=2 mapcount=1 reserved !anon !lru
expect P1:B[0] pte=none
expect P1 rss file=1 anon=0
