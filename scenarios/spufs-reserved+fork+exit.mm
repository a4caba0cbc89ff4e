title "spufs with VM_IO|VM_RESERVED under stock 2.6.19: VM_RESERVED is ignored, still balanced"
# Question: does adding VM_RESERVED to the spufs vma change anything in stock 2.6.19? No:
# vm_normal_page looks only at VM_PFNMAP (and pfn_valid); VM_RESERVED is statistics/coredump/no-merge
# only. Fork, fault and zap account exactly as for the plain spufs preset.
# Across eras: the ->nopage device limits it to 2.6.19-2.6.25, where VM_RESERVED never reaches
# vm_normal_page: balanced in all of them.
era 2.6.19
# Not run under 2.6.19+reserved: this is the stock half of a minimal pair. Under the proposal the same
# steps give mapcount-mismatch, rss-mismatch and refcount-leak, which reserved-proposal+spufs-reserved+
# munmap.mm and reserved-proposal+spufs-reserved+fork.mm state.
eras 2.6.19..   # every real era from 2.6.19 on: a VERSION.. range never includes the hypothetical era
device spu preset=spufs-reserved pages=1

P1: mmap A dev:spu pages=1 shared rw
# do_no_page read: spu[0] 2/1
P1: read A[0] == 0
# shared, no anon_vma: not copied (copy_page_range skip rule)
P1: fork P2
# do_no_page write shared in the child: spu[0] 3/2
P2: write A[0] = 4
P1: read A[0] == 4
# zap_pte_range: vm_normal_page returns the page despite VM_RESERVED: 2/1
P1: munmap A
# 1/0
P2: exit
P1: exit
# reserved memory: base reference stays
spu: release

expect no violations
expect spu[0] count=1 mapcount=0
