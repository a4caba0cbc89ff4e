title "vm_insert_page shared: counted at mmap, fork copies VM_INSERTPAGE ptes with get_page + page_dup_rmap"
# Question: how are vm_insert_page'd driver pages counted at mmap, fork and munmap? insert_page takes
# get_page + page_add_file_rmap + file_rss; copy_page_range always copies VM_INSERTPAGE vmas and
# vm_normal_page returns the page (no VM_PFNMAP), so each child pte gets get_page + page_dup_rmap.
# Across eras: the same in every era; from 3.7 VM_MIXEDMAP (4b6e1e37026e) forces the fork copy that
# VM_INSERTPAGE forced before.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device ins preset=insert-page pages=2

# vm_insert_page for both pages: each 1 -> 2, mapcount 1, file_rss 2
P1: mmap A dev:ins pages=2 shared rw
# copied: each 3/2, child file_rss 2 (shared vma: child pte stays writable, marked clean/old)
P1: fork P2
# shared page: the store reaches the device page
P2: write A[0] = 4
P1: read A[0] == 4
# zap in P1: each 2/1
P1: munmap A

expect ins[0] count=2 mapcount=1 !anon !lru
expect ins[1] count=2 mapcount=1
expect P2:A[0] count=2 mapcount=1
expect P2 rss file=2 anon=0
expect P1 rss file=0 anon=0
