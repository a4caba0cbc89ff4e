title "vm_insert_mixed() in a MAP_PRIVATE VM_MIXEDMAP VMA: COW off a RAM or I/O frame, then fork"
# Question: unlike VM_PFNMAP, a VM_MIXEDMAP VMA may be COW (b379d790197c, 2.6.26). What does a write do
# to the driver frame in each era, and what does fork copy afterwards? 2.6.26: the RAM frame is a
# counted normal page, so do_wp_page() copies it as a file page (file_rss -> anon_rss). 2.6.27+ and
# every I/O frame: a special PTE, so do_wp_page() copies from the user address (no old page).
era 2.6.26
device mr preset=mixedmap pages=1
device mi preset=mixedmap memory=io pages=1

P1: mmap R dev:mr private rw
P1: mmap I dev:mi private rw
# read fault -> ->fault -> vm_insert_mixed() with the private (read-only) vm_page_prot:
#   2.6.26: insert_page(): mr[0] 2/1, file_rss 1;  2.6.27+: special PTE, no counts
P1: read R[0] == 0
# do_wp_page(): 2.6.26 old page = mr[0] (non-anon, private) -> copy: new anon X 1/1, mr[0] 1/0,
# file_rss 0, anon_rss 1. 2.6.27+: vm_normal_page() NULL -> cow_user_page() from the user address:
# new anon X 1/1, anon_rss 1. The driver frame keeps 0.
P1: write R[0] = 3
# write fault with no PTE: ->fault inserts a read-only special/raw PTE, VM_FAULT_NOPAGE; the retried
# store takes the write-protect fault: NULL old page -> copy from the user address: anon Y 1/1
P1: write I[0] = 4
# copy_page_range(): both VMAs have an anon_vma now -> copied in every era: X and Y 2/2, read-only in
# both (5.19+: AnonExclusive cleared), P2 anon_rss 2
P1: fork P2
# child COW: <=5.8 mapcount 2, 5.9 page_count 2, 5.19 not exclusive + page_count 2 -> copy: Z 1/1; X 1/1
P2: write R[0] = 5
P1: read R[0] == 3
P2: read I[0] == 4

expect mr[0] count=1 mapcount=0 value=0
expect mi[0] value=0
expect P1:R[0] anon count=1 mapcount=1 value=3
expect P2:R[0] anon count=1 mapcount=1 value=5
expect P1:I[0] anon count=2 mapcount=2 value=4
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
expect no violations
