title "The 2006 question, stock 2.6.19: SPE local store (VM_IO|VM_RESERVED, ->nopage) across fork and exit"
# spufs maps PG_reserved SPE struct pages through ->nopage into a VM_IO VMA.  Stock vm_normal_page()
# ignores VM_IO and VM_RESERVED, so every PTE of the SPE page is counted at fault time and uncounted at
# unmap time: the page ends where it started, count 1 (the platform's base reference), mapcount 0.
era 2.6.19
device spu preset=spufs-reserved pages=1

P1: mmap A dev:spu pages=1 shared rw
P1: write A[0] = 7          # do_no_page(): the ->nopage reference becomes the PTE's (count 2, mapcount 1)
P1: fork P2                 # copy_page_range() skips a shared VMA without anon_vma: nothing copied
P2: read A[0] == 7          # the child refaults through ->nopage (count 3, mapcount 2)
P2: exit                    # zap_pte_range(): vm_normal_page() returns the page, released (count 2)
spu: revoke                 # unmap_mapping_range(even_cows=1), the SPE context switch (count 1)
P1: read A[0] == 7          # refault
P1: munmap A
P1: exit
spu: release

# Section 14bis: each PTE owned one count and one mapcount; none is left.
expect spu[0] count=1 mapcount=0 reserved
expect no violations
