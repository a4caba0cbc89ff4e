title "Stock 2.6.19: after revoke, a shared VM_INSERTPAGE vma maps ZERO_PAGE writable and a store corrupts it"
# Question: a vm_insert_page driver has no ->nopage; after unmap_mapping_range a fault in its shared vma goes
# to do_anonymous_page, which maps ZERO_PAGE with vma->vm_page_prot (writable for shared rw; no writenotify
# for VM_INSERTPAGE; a read-only pte would reach do_wp_page's shared-writable reuse branch instead). A store
# lands in ZERO_PAGE itself: every later anonymous read fault, in any process, sees it. COW is broken.
era 2.6.19
device ins preset=insert-page pages=1

# P2 exists before anything is mapped
P1: fork P2
# vm_insert_page: ins[0] 2/1
P1: mmap A dev:ins pages=1 shared rw
# full zap: ins[0] 1/0
ins: revoke
# do_anonymous_page read: ZERO_PAGE mapcount 1, file_rss 1 (balanced: VM_INSERTPAGE is not PFNMAP)
P1: read A[0] == 0
# the store goes into ZERO_PAGE itself -> cow-broken
P1: write A[0] = 5
# a fresh private anonymous read fault maps ZERO_PAGE: mapcount 2, sees 5
P1: mmap B anon pages=1 private rw
P1: read B[0] == 5
# and in another process: mapcount 3
P2: mmap C anon pages=1 private rw
P2: read C[0] == 5

expect violation cow-broken
expect ins[0] count=1 mapcount=0
expect P1:B[0] mapcount=3 zero
expect P1 rss file=2 anon=0
expect P2 rss file=1 anon=0
