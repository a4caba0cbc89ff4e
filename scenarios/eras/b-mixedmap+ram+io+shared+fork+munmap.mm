title "vm_insert_mixed() over RAM and I/O, MAP_SHARED: counted without pte_special (2.6.26), special with it (2.6.27+); fork copies MIXEDMAP only from 3.7"
# Question: a VM_MIXEDMAP driver whose ->fault calls vm_insert_mixed(). Is a RAM frame counted, is an I/O
# frame, and does fork copy the PTEs? 2.6.26 (423bad600443, x86 without pte_special): a pfn_valid()
# pfn goes through insert_page() (get_page, rmap, file_rss), I/O pfns get raw PTEs. 2.6.27+ (a0a8f5364a5a):
# every pfn gets a special PTE, RAM included. Fork copies a MIXEDMAP VMA without anon_vma only from 3.7
# (4b6e1e37026e): before, the child refaults through ->fault.
era 2.6.26
device mr preset=mixedmap pages=2
device mi preset=mixedmap memory=io pages=2

P1: mmap R dev:mr shared rw
P1: mmap I dev:mi shared rw
# vm_insert_mixed(), RAM pfn:
#   2.6.26: !HAVE_PTE_SPECIAL && pfn_valid -> insert_page(): mr[0] 2/1, file_rss +1, normal PTE
#   2.6.27+: insert_pfn(): special PTE, no counts
P1: write R[0] = 1
P1: read R[1] == 0
# vm_insert_mixed(), I/O pfn: insert_pfn() in every era (2.6.26 plain PTE, vm_normal_page() NULL
# because !pfn_valid in MIXEDMAP); no counts
P1: write I[0] = 2
P1: read I[1] == 0
# copy_page_range(): the always-copy flags are VM_PFNMAP|VM_INSERTPAGE until 3.6, VM_PFNMAP|VM_MIXEDMAP
# from 3.7 (4b6e1e37026e); neither VMA has an anon_vma. <=3.6: nothing copied. 3.7+: special PTEs
# copied verbatim, no counts.
P1: fork P2
# the child: <=3.6 refaults through ->fault (2.6.26: mr[0] 3/2, P2 file_rss 1); 3.7+ no fault
P2: read R[0] == 1
P2: read I[0] == 2
# zap_pte_range(): 2.6.26 vm_normal_page() gives the RAM pages (MIXEDMAP && pfn_valid): mr[0] 2/1,
# mr[1] 1/0; 2.6.27+ special: nothing
P1: munmap R

expect until 2.6.26 mr[0] count=2 mapcount=1 value=1
expect since 2.6.27 mr[0] count=1 mapcount=0 value=1
expect mr[1] count=1 mapcount=0
expect mi[0] value=2
expect until 3.6 P2:R[1] pte=none
expect until 3.6 P2:I[1] pte=none
expect since 3.7 P2:R[1] pte=present
expect since 3.7 P2:I[1] pte=present
expect P1:I[1] pte=present
expect P1 rss file=0 anon=0
expect until 2.6.26 P2 rss file=1 anon=0
expect since 2.6.27 P2 rss file=0 anon=0
expect no violations
