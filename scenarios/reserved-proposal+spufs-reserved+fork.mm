title "Reserved proposal: two processes fault the SPE pages, nothing is ever given back"
# Question: under the proposal, how does the imbalance grow with fork? Fork itself is neutral (the
# shared vma is not copied: the skip rule ignores vm_normal_page), but each child refault counts via
# do_no_page and each zap at exit gives nothing back.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device spu preset=spufs-reserved pages=2

P1: mmap A dev:spu pages=2 shared rw
# do_no_page write shared: spu[0] 2/1 (pte special under the proposal: mismatches)
P1: write A[0] = 7
# not copied: shared vma, no anon_vma
P1: fork P2
# spu[0] 3/2
P2: read A[0] == 7
# spu[1] 2/1
P2: read A[1] == 0
# zap: vm_normal_page NULL for every pte -> nothing released
P1: exit
P2: exit
spu: release

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
expect spu[0] count=3 mapcount=2
expect spu[1] count=2 mapcount=1
