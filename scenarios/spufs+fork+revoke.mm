title "spufs: revoke (unmap_mapping_range even_cows=1) zaps every pte in every process; refault via nopage"
# Question: what does the spufs context-switch unmap do to counts, and can the processes keep using the
# mapping? unmap_mapping_range with even_cows=1 passes details that collapse to NULL in unmap_page_range
# (full zap), so every pte in every vma of the device is zapped; the next touch refaults via ->nopage.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=2 shared rw
# do_no_page write shared: spu[0] 2, mapcount 1
P1: write A[0] = 7
# shared vma without anon_vma: not copied at fork
P1: fork P2
# child refault: spu[0] 3, mapcount 2
P2: read A[0] == 7
# spu[1] 2, mapcount 1
P2: read A[1] == 0
# zap_pte_range in both processes: vm_normal_page returns the SPE pages; page_remove_rmap + put each:
# spu[0] 1/0, spu[1] 1/0, both rss back to 0
spu: revoke
# refault through nopage, contents preserved in the local store: spu[0] 2, mapcount 1
P2: read A[0] == 7

expect spu[0] count=2 mapcount=1
expect spu[1] count=1 mapcount=0
expect P1:A[0] pte=none
expect P2:A[1] pte=none
expect P2:A[0] count=2 mapcount=1 reserved !anon
expect P1 rss file=0 anon=0
expect P2 rss file=1 anon=0
