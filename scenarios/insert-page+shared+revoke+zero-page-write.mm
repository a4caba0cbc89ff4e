title "Stock 2.6.19: after revoke, a shared VM_INSERTPAGE vma maps ZERO_PAGE writable and a store corrupts it"
# Question: a vm_insert_page driver has no ->nopage; after unmap_mapping_range a fault in its shared vma goes
# to do_anonymous_page, which maps ZERO_PAGE with vma->vm_page_prot (writable for shared rw; no writenotify
# for VM_INSERTPAGE; a read-only pte would reach do_wp_page's shared-writable reuse branch instead). A store
# lands in ZERO_PAGE itself: every later anonymous read fault, in any process, sees it. COW is broken.
# Across eras:
# - 2.6.24-2.6.31 (557ed1fa2620 "remove ZERO_PAGE"): the read allocates a private anon page in the shared
#   vma; the store goes there, and nobody else sees it: no corruption.
# - 2.6.32-4.1 (a13ea5b75964 "mm: reinstate ZERO_PAGE"): the zero pfn comes back as a special PTE, built
#   from the same writable vm_page_prot, so the store corrupts the zero page again; nothing is counted.
#   (Had the PTE been read-only, do_wp_page would make a special PTE of a shared writable vma writable in
#   place from 2.6.26, 251b97f552b1: the same store. 3.7's VM_MIXEDMAP instead of VM_INSERTPAGE
#   changes nothing here.)
# - 4.2+ (6b7339f4c31a "mm: avoid setting up anonymous pages into file mapping"):
#   do_anonymous_page refuses a VM_SHARED vma: both accesses are SIGBUS.
era 2.6.19
device ins preset=insert-page pages=1

# P2 exists before anything is mapped
P1: fork P2
# vm_insert_page: ins[0] 2/1
P1: mmap A dev:ins pages=1 shared rw
# full zap: ins[0] 1/0
ins: revoke
# do_anonymous_page read: ZERO_PAGE mapcount 1, file_rss 1 (balanced: VM_INSERTPAGE is not PFNMAP)
# 2.6.24-2.6.31: anon page 1/1, anon_rss 1; 2.6.32-4.1: special zero PTE (writable); 4.2+: SIGBUS
P1: read A[0] == 0 until 4.1 -> SIGBUS since 4.2
# the store goes into ZERO_PAGE itself -> cow-broken (2.6.24-2.6.31: into P1's own anon page)
P1: write A[0] = 5 -> SIGBUS since 4.2
# a fresh private anonymous read fault maps ZERO_PAGE: mapcount 2, sees 5
# (2.6.24-2.6.31: a fresh anon page, 0; 4.2+: an intact zero page, 0)
P1: mmap B anon pages=1 private rw
P1: read B[0] == 5 until 2.6.23 == 0 since 2.6.24 until 2.6.31 == 5 since 2.6.32 until 4.1 == 0 since 4.2
# and in another process: mapcount 3
P2: mmap C anon pages=1 private rw
P2: read C[0] == 5 until 2.6.23 == 0 since 2.6.24 until 2.6.31 == 5 since 2.6.32 until 4.1 == 0 since 4.2

expect until 2.6.23 violation cow-broken
# 2.6.32-4.1: the special zero PTE is writable in the shared vma: the same corruption (a13ea5b75964)
expect since 2.6.32 until 4.1 violation cow-broken
expect ins[0] count=1 mapcount=0
expect until 2.6.23 P1:B[0] mapcount=3 zero
expect until 2.6.23 P1 rss file=2 anon=0
expect until 2.6.23 P2 rss file=1 anon=0
# 2.6.24-2.6.31: three private anon pages, no zero page (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P1:A[0] count=1 mapcount=1 anon value=5
expect since 2.6.24 until 2.6.31 P1:B[0] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=1
# 2.6.32+: special zero PTEs own nothing (a13ea5b75964)
expect since 2.6.32 P1:B[0] mapcount=0 zero
expect since 2.6.32 P1 rss file=0 anon=0
expect since 2.6.32 P2 rss file=0 anon=0
# 4.2+: no page was ever mapped at A after the revoke (6b7339f4c31a)
expect since 4.2 P1:A[0] pte=none
