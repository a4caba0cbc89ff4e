title "vm_insert_page private: do_wp_page copies the inserted page; fork copies anon and inserted ptes"
# Question: in a private vma prefilled by vm_insert_page, what do COW and fork do? The inserted pte is
# a normal non-anon page (read-only: private vm_page_prot), so do_wp_page copies it; VM_INSERTPAGE (and
# the anon_vma) make fork copy both the anon page and the remaining inserted page with get + dup.
# Across eras: the same counts in every era. From 3.7 vm_insert_page() marks the vma VM_MIXEDMAP instead of
# VM_INSERTPAGE (4b6e1e37026e) and fork copies MIXEDMAP vmas; insert_page() always writes a normal PTE, so
# pte_special (2.6.27) changes nothing.
era 2.6.19
device ins preset=insert-page pages=2

# vm_insert_page: each 2/1, P1 file_rss 2
P1: mmap A dev:ins pages=2 private rw
P1: read A[1] == 0
# do_wp_page copy: ins[0] back to 1/0, P1 file_rss 1, anon_rss 1; X 1/1
P1: write A[0] = 5
# copied: X 2/2, ins[1] 3/2; child file_rss 1, anon_rss 1
P1: fork P2
P2: read A[0] == 5
# child do_wp_page on ins[1] (non-anon, private): copy -> ins[1] 2/1; child Y 1/1, file_rss 0, anon_rss 2
P2: write A[1] = 6
P1: read A[1] == 0
P2: read A[1] == 6

expect ins[0] count=1 mapcount=0
expect ins[1] count=2 mapcount=1
expect P1:A[0] count=2 mapcount=2 anon
expect P2:A[1] count=1 mapcount=1 anon
expect P1 rss file=1 anon=1
expect P2 rss file=0 anon=2
