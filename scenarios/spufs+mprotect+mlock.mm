title "spufs: mlock does not prefault a VM_IO vma; mprotect changes no counts"
# Question: do mlock/munlock/mprotect touch refcounts of SPE pages? mlock_fixup (mm/mlock.c) sets
# VM_LOCKED but skips make_pages_present for VM_IO; mprotect_fixup/change_protection only rewrite pte
# permissions (no count, mapcount or rss change).
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); mlock still sets VM_LOCKED on
# VM_IO there (only 2.6.28's b291f000393f stops that).
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=2 shared rw
# do_no_page write shared: spu[0] 2/1
P1: write A[0] = 5
# mlock_fixup: VM_IO -> no make_pages_present: A[1] stays unfaulted
P1: mlock A
# change_protection: pte_modify only
P1: mprotect A r
P1: read A[0] == 5
# no VM_WRITE: the store is refused by the fault handler's access check
P1: write A[0] = 6 -> SIGSEGV
P1: mprotect A rw
# either the pte is writable again, or do_wp_page takes the shared-writable reuse branch
# (dirty_page get/put nets 0): counts unchanged
P1: write A[0] = 6
P1: munlock A
P1: read A[0] == 6

expect spu[0] count=2 mapcount=1
expect spu[1] count=1 mapcount=0
expect P1:A[1] pte=none
expect P1 rss file=1 anon=0
