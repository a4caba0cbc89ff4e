title "spufs: get_user_pages refuses the VM_IO vma (EFAULT), counts untouched"
# Question: can get_user_pages (ptrace, O_DIRECT, vmsplice) take a reference on an SPE page?
# get_user_pages (mm/memory.c) returns -EFAULT for a vma with VM_IO|VM_PFNMAP before follow_page.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); get_user_pages refuses VM_IO in
# every era.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=1

P1: mmap A dev:spu pages=1 shared rw
# do_no_page read: spu[0] 2, mapcount 1
P1: read A[0] == 0
# VM_IO: get_user_pages stops at once, i == 0 -> -EFAULT; no get_page
P1: gup A[0] as H1 -> EFAULT
P1: gup A[0] write as H2 -> EFAULT

expect spu[0] count=2 mapcount=1
expect P1 rss file=1 anon=0
