title "mlock prefaults every page: write faults on a writable vma (breaking COW), read faults otherwise"
# Question: what does mlock do to an anonymous vma's pages in 2.6.19? mlock_fixup sets VM_LOCKED and
# calls make_pages_present -> get_user_pages(write = VM_WRITE set) over the whole range: on a writable
# private vma every page is write-faulted (COW broken, zero pages copied, holes filled with anon pages);
# on a read-only vma every hole read-faults to ZERO_PAGE (no FOLL_ANON: VM_LOCKED is already set).
# Across eras: the prefault stays a write fault on a writable private vma in every era (2.6.28's
# __mlock_vma_pages_range sets GUP_FLAGS_WRITE/FOLL_WRITE for VM_WRITE), so COW is always broken for P1.
# What changes is the zero page: 2.6.24-2.6.31 have none (557ed1fa2620), so the reads and the
# read-only prefault allocate anon pages; from 2.6.32 (a13ea5b75964) they map special zero PTEs that
# own nothing, and the write prefault replaces such a PTE with a zeroed page.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=3 private rw
# X 1/1
P1: write A[0] = 1
# ZERO_PAGE mapcount 1; P1 file_rss 1, anon_rss 1
# (2.6.24-2.6.31: anon page Y 1/1, anon_rss 2; 2.6.32+: special zero PTE, nothing counted)
P1: read A[1] == 0
# anon_vma -> copied: X 2/2, ZERO_PAGE mapcount 2; child file_rss 1, anon_rss 1
# (2.6.24-2.6.31: X 2/2, Y 2/2, child anon_rss 2; 2.6.32+: X 2/2, zero PTE copied without counts)
P1: fork P2
# make_pages_present(write=1):
#  A[0]: pte read-only -> do_wp_page, X mapcount 2 -> copy: P1 X' 1/1, X 1/1 (child)
#  A[1]: ZERO_PAGE -> do_wp_page copy (zeroed): ZERO_PAGE mapcount 1; P1 file_rss 0, anon_rss 2
#        (2.6.24-2.6.31: Y mapcount 2 -> copy, Y 1/1 stays with the child;
#         2.6.32+: zero pfn -> zeroed page, the child's zero PTE untouched)
#  A[2]: pte none -> do_anonymous_page write: 1/1, anon_rss 3
# (5.9+: do_wp_page copies X because page_count is 2, 5.19+: X is not AnonExclusive after fork: same copy)
P1: mlock A
P1: read A[0] == 1
P1: read A[2] == 0
P2: read A[0] == 1
P1: mmap B anon pages=1 private r
# make_pages_present(write=0): do_anonymous_page read -> ZERO_PAGE mapcount 2, P1 file_rss 1
# (2.6.24-2.6.31: an anon page 1/1, anon_rss 4; 2.6.32+: a special zero PTE, the gup get/put on the
# zero page nets 0)
P1: mlock B

expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=1 mapcount=1 anon
expect P1:A[1] count=1 mapcount=1 anon
expect P1:A[2] count=1 mapcount=1 anon
expect until 2.6.23 P2:A[1] mapcount=2 zero
expect until 2.6.23 P1:B[0] mapcount=2 zero
expect until 2.6.23 P1 rss file=1 anon=3
expect until 2.6.23 P2 rss file=1 anon=1
# 2.6.24-2.6.31: no ZERO_PAGE; every read fault, the read-only prefault included, allocates (557ed1fa2620)
expect since 2.6.24 until 2.6.31 P2:A[1] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1:B[0] count=1 mapcount=1 anon !zero
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=4
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
# 2.6.32+: special zero PTEs, never counted (a13ea5b75964)
expect since 2.6.32 P2:A[1] mapcount=0 zero
expect since 2.6.32 P1:B[0] mapcount=0 zero
expect since 2.6.32 P1 rss file=0 anon=3
expect since 2.6.32 P2 rss file=0 anon=1
