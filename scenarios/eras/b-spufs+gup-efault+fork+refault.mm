title "spufs with ->nopage (2.6.19-2.6.25): GUP is EFAULT on the VM_IO VMA; fork does not copy it, the child refaults"
# Question: the 2.6.20 spufs maps the SPE local store (PG_reserved struct pages) through ->nopage in a
# VM_IO VMA. Can GUP reach it, and what does fork do? get_user_pages() refuses VM_IO (-EFAULT); fork
# copies PTEs only for anon_vma, VM_PFNMAP or VM_INSERTPAGE, so the child refaults through ->nopage.
# ->nopage stays as a legacy path in 2.6.23-2.6.25 (54cb8821de07) and is removed in 2.6.26 (3c18ddd160d1):
# later eras cannot run this driver (2.6.21+ spufs itself moved to ->nopfn, then ->fault).
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=1

P1: mmap Q dev:spu private rw -> EINVAL
P1: mmap L dev:spu shared rw
# do_no_page() (2.6.19-2.6.22) / __do_fault()'s legacy ->nopage path (2.6.23-2.6.25): the handler's
# page_cache_get() becomes the PTE's reference: spu[0] 2/1, file_rss 1
P1: write L[0] = 7
# get_user_pages(): VM_IO -> -EFAULT
P1: gup L[0] as G -> EFAULT
# copy_page_range(): no anon_vma, not VM_PFNMAP/VM_INSERTPAGE -> nothing copied
P1: fork P2
# the child faults through ->nopage: spu[0] 3/2, P2 file_rss 1
P2: read L[0] == 7
P2: gup L[0] write as H -> EFAULT

expect spu[0] count=3 mapcount=2 reserved !lru value=7
expect P1 rss file=1 anon=0
expect P2 rss file=1 anon=0
expect no violations
