title "The 2006 question, the proposal: vm_normal_page() returns NULL for VM_RESERVED"
# The same driver and steps under the hypothetical era.  do_no_page() does not ask vm_normal_page(), so it
# still takes a reference, a mapcount and file_rss; zap_pte_range() does ask, gets NULL and releases
# nothing.  The accounting breaks at the first fault and the SPE page never gets its counts back.
era 2.6.19+reserved
device spu preset=spufs-reserved pages=1

P1: mmap A dev:spu pages=1 shared rw
P1: write A[0] = 7          # counted: count 2, mapcount 1, file_rss 1, but vm_normal_page() says "special"
P1: fork P2                 # not copied (shared VMA, no anon_vma): same as stock
P2: read A[0] == 7          # counted again: count 3, mapcount 2
P2: exit                    # vm_normal_page() NULL: the PTE is cleared, nothing released
spu: revoke                 # the same: all PTEs gone, counts untouched
P1: read A[0] == 7          # refault: count 4, mapcount 3
P1: munmap A
P1: exit
spu: release

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
# Three faults took a reference and a mapcount each; no unmap gave one back.
expect spu[0] count=4 mapcount=3 reserved
