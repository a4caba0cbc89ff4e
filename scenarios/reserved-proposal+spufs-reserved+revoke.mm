title "Reserved proposal: every spufs context-switch unmap leaks one count and one mapcount per page"
# Question: spufs calls unmap_mapping_range(even_cows=1) on every context switch. Under the proposal the
# zap finds vm_normal_page NULL and releases nothing, while every refault through do_no_page counts again.
# The counts grow with the number of context switches; rss grows too.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device spu preset=spufs-reserved pages=1

P1: mmap A dev:spu pages=1 shared rw
# do_no_page: spu[0] 2/1, file_rss 1 (mismatch: the pte is special under the proposal)
P1: read A[0] == 0
# zap: NULL -> pte cleared only: spu[0] stays 2/1, file_rss stays 1
spu: revoke
# refault: 3/2, file_rss 2
P1: read A[0] == 0
# 3/2 again
spu: revoke
# do_no_page write shared: 4/3, file_rss 3
P1: write A[0] = 5

expect violation mapcount-mismatch
expect violation rss-mismatch
expect spu[0] count=4 mapcount=3
expect P1:A[0] pte=present
expect P1 rss file=3 anon=0
