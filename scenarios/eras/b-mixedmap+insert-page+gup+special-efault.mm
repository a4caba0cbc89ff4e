title "get_user_pages() on VM_MIXEDMAP: a counted RAM PTE gives the page (2.6.26), a special PTE is EFAULT (I/O always, RAM from 2.6.27); vm_insert_page PTEs always work"
# Question: a VM_MIXEDMAP VMA is not VM_IO|VM_PFNMAP, so GUP looks at each PTE. follow_page() returns
# -EFAULT when vm_normal_page() finds no page (89f5b7da2a, 2.6.26-rc7; before, NULL meant "fault again").
# Which PTEs are pages? 2.6.26 (no x86 pte_special): MIXEDMAP pfn_valid -> page; !pfn_valid -> special.
# 2.6.27+ (a0a8f5364a5a): vm_insert_mixed() writes special PTEs for RAM too. vm_insert_page() PTEs are
# normal in every era (VM_INSERTPAGE <=3.6, VM_MIXEDMAP 3.7+).
era 2.6.27
device mr preset=mixedmap pages=1
device mi preset=mixedmap memory=io pages=1
device ins preset=insert-page pages=1

P1: mmap R dev:mr shared rw
P1: mmap I dev:mi shared rw
# vm_insert_page(): ins[0] 2/1, file_rss 1
P1: mmap N dev:ins shared rw
# vm_insert_mixed(): 2.6.26 insert_page() (mr[0] 2/1, file_rss +1); 2.6.27+ special PTE
P1: read R[0] == 0
# vm_insert_mixed(), !pfn_valid: raw/special PTE in every era
P1: read I[0] == 0
# follow_page(): 2.6.26 vm_normal_page() = mr[0] -> get_page: 3/1; 2.6.27+ special -> -EFAULT
P1: gup R[0] as G -> EFAULT since 2.6.27
# follow_page(): vm_normal_page() NULL -> -EFAULT (2.6.26: MIXEDMAP && !pfn_valid; 2.6.27+: special)
P1: gup I[0] as H -> EFAULT
# a normal PTE in every era: get_page: ins[0] 3/1
P1: gup N[0] as K
P1: readref K == 0

expect until 2.6.26 mr[0] count=3 mapcount=1
expect since 2.6.27 mr[0] count=1 mapcount=0
expect ins[0] count=3 mapcount=1
expect P1:I[0] pte=present
expect until 2.6.26 P1 rss file=2 anon=0
expect since 2.6.27 P1 rss file=1 anon=0
expect no violations
