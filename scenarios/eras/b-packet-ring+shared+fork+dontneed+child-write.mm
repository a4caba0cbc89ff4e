title "AF_PACKET-style ring (vm_insert_page, vm_ops without ->fault), MAP_SHARED: fork, MADV_DONTNEED in the child, then a child store"
# Question: a packet ring is vm_insert_page()d at mmap and has vm_ops with no fault hook. The child of a
# fork empties its copy with MADV_DONTNEED and stores into it. Until 4.1 the fault falls back to
# do_anonymous_page(): the child gets a private anon page inside a shared ring and the parent never sees
# the store. Since 4.2 (6b7339f4c31a, era 5.9+) a VMA with vm_ops but no ->fault gets SIGBUS.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device ring preset=packet-ring pages=2

# packet_mmap()-like: vm_insert_page() of each page: ring[0], ring[1] 2/1, P1 file_rss 2;
# writable shared PTE, the store goes to the ring page
P1: mmap R dev:ring shared rw
P1: write R[0] = 11
# copy_page_range(): VM_INSERTPAGE (<=3.6) / VM_MIXEDMAP (3.7+, 4b6e1e37026e) -> copied with
# get_page + page_dup_rmap: ring[*] 3/2, P2 file_rss 2
P1: fork P2
P2: read R[0] == 11
# madvise_dontneed(): allowed (not VM_PFNMAP) -> zap the child's PTEs: ring[*] 2/1, P2 file_rss 0
P2: madvise R dontneed
# pte_none fault, vm_ops without ->nopage/->fault:
#   <=4.1: handle_pte_fault() falls through to do_anonymous_page(): write -> new anon page in the
#          shared VMA (anon_vma_prepare), anon_rss 1; the store stays private to P2
#   4.2+ (6b7339f4c31a, era 5.9+): do_fault() "if (!vma->vm_ops->fault) return VM_FAULT_SIGBUS"
P2: write R[0] = 12 -> SIGBUS since 4.2
P2: read R[0] == 12 until 4.1 -> SIGBUS since 4.2
P1: read R[0] == 11
# the parent's ring pages are normal pages: follow_page() -> get_page: ring[1] 3/1 (every era)
P1: gup R[1] write as G
P1: readref G == 0

expect ring[0] count=2 mapcount=1 value=11 !anon !lru
expect ring[1] count=3 mapcount=1 !anon !lru
expect P1 rss file=2 anon=0
expect until 4.1 P2:R[0] anon count=1 mapcount=1 value=12
expect since 4.2 P2:R[0] pte=none
expect P2:R[1] pte=none
expect until 4.1 P2 rss file=0 anon=1
expect since 4.2 P2 rss file=0 anon=0
expect no violations
