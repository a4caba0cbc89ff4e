title "vm_insert_pfn() into a VM_MIXEDMAP VMA: fine for a pfn without struct page, a BUG for a RAM pfn"
# Question: vm_insert_pfn() may target VM_PFNMAP or VM_MIXEDMAP (2.6.26+, 7e675137a8e1). In a MIXEDMAP VMA
# a pfn_valid() pfn must go through vm_insert_mixed()/vm_insert_page() so that it is refcounted: does
# vm_insert_pfn() refuse it? BUG_ON((vma->vm_flags & VM_MIXEDMAP) && pfn_valid(pfn)) from 2.6.26
# (b379d790197c) to 6.18 (vmf_insert_pfn_prot()). MIXEDMAP does not exist before 2.6.26.
era 2.6.26
device mi fault=fault-pfn memory=io flags=VM_MIXEDMAP pages=1
device mr fault=fault-pfn memory=ram flags=VM_MIXEDMAP pages=1

# I/O pfn: !pfn_valid -> insert_pfn(): special PTE (2.6.27+) or plain PTE that vm_normal_page() calls
# special in MIXEDMAP because !pfn_valid (2.6.26); no counts
P1: mmap I dev:mi shared rw
P1: write I[0] = 8
# RAM pfn: BUG_ON(VM_MIXEDMAP && pfn_valid(pfn)) in vm_insert_pfn()
P1: mmap M dev:mr shared rw
P1: read M[0] -> BUG

expect violation kernel-bug
expect mi[0] value=8
expect mr[0] count=1 mapcount=0
expect P1:M[0] pte=none
expect P1 rss file=0 anon=0
