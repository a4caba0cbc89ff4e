title "AF_PACKET-style ring, MAP_PRIVATE: COW off a ring page, MADV_DONTNEED, refault (anonymous <=4.1, SIGBUS 4.2+), fork"
# Question: a private packet-ring mapping (vm_insert_page at mmap, vm_ops without ->fault). A store COWs
# off the ring page; MADV_DONTNEED drops both the copy and the ring PTE. What does the next read map, and
# what does fork copy? <=4.1 the read is anonymous (zero page rule of the era) and fork copies the
# VM_INSERTPAGE/VM_MIXEDMAP VMA; 4.2+ (6b7339f4c31a, era 5.9+) the read is SIGBUS in parent and child.
era 2.6.19
device ring preset=packet-ring pages=2

# vm_insert_page(): ring[*] 2/1, P1 file_rss 2, read-only PTEs (private vm_page_prot)
P1: mmap R dev:ring private rw
# do_wp_page(): non-anon page in a private VMA -> copy into a new anon page (anon_vma_prepare):
# ring[1] 1/0, P1 file_rss 1, anon_rss 1 (every era)
P1: write R[1] = 21
# madvise_dontneed(): zap both: ring[0] 1/0, the anon copy is freed; P1 rss 0/0
P1: madvise R dontneed
# pte_none, vm_ops without a fault hook:
#   <=4.1 do_anonymous_page() read: <=2.6.23 ZERO_PAGE counted (file_rss); 2.6.24-2.6.31 new anon page;
#         2.6.32-4.1 special zero PTE (a13ea5b75964)
#   4.2+ (6b7339f4c31a, era 5.9+): SIGBUS
P1: read R[0] == 0 until 4.1 -> SIGBUS since 4.2
P1: read R[1] == 0 until 4.1 -> SIGBUS since 4.2
# copy_page_range(): VM_INSERTPAGE / VM_MIXEDMAP (and an anon_vma) -> copied:
#   <=2.6.23 ZERO_PAGE is a normal page: get + dup rmap + file_rss: zero mapcount 4, P2 file_rss 2
#   2.6.24-2.6.31 the anon pages are shared: 2/2 each, P2 anon_rss 2
#   2.6.32+ special zero PTEs copied verbatim; 4.2+ nothing to copy
P1: fork P2
P2: read R[0] == 0 until 4.1 -> SIGBUS since 4.2

expect ring[0] count=1 mapcount=0 value=0
expect ring[1] count=1 mapcount=0 value=0
expect until 2.6.23 P1:R[0] zero mapcount=4
expect since 2.6.24 until 2.6.31 P1:R[0] anon count=2 mapcount=2 value=0
expect since 2.6.32 until 4.1 P1:R[0] zero mapcount=0 pte=present
expect since 4.2 P1:R[0] pte=none
expect since 4.2 P2:R[0] pte=none
expect until 2.6.23 P1 rss file=2 anon=0
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.32 P1 rss file=0 anon=0
expect until 2.6.23 P2 rss file=2 anon=0
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
expect since 2.6.32 P2 rss file=0 anon=0
expect no violations
