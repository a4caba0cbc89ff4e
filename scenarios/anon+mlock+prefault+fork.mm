title "mlock prefaults every page: write faults on a writable vma (breaking COW), read faults otherwise"
# Question: what does mlock do to an anonymous vma's pages in 2.6.19? mlock_fixup sets VM_LOCKED and
# calls make_pages_present -> get_user_pages(write = VM_WRITE set) over the whole range: on a writable
# private vma every page is write-faulted (COW broken, zero pages copied, holes filled with anon pages);
# on a read-only vma every hole read-faults to ZERO_PAGE (no FOLL_ANON: VM_LOCKED is already set).
era 2.6.19

P1: mmap A anon pages=3 private rw
# X 1/1
P1: write A[0] = 1
# ZERO_PAGE mapcount 1; P1 file_rss 1, anon_rss 1
P1: read A[1] == 0
# anon_vma -> copied: X 2/2, ZERO_PAGE mapcount 2; child file_rss 1, anon_rss 1
P1: fork P2
# make_pages_present(write=1):
#  A[0]: pte read-only -> do_wp_page, X mapcount 2 -> copy: P1 X' 1/1, X 1/1 (child)
#  A[1]: ZERO_PAGE -> do_wp_page copy (zeroed): ZERO_PAGE mapcount 1; P1 file_rss 0, anon_rss 2
#  A[2]: pte none -> do_anonymous_page write: 1/1, anon_rss 3
P1: mlock A
P1: read A[0] == 1
P1: read A[2] == 0
P2: read A[0] == 1
P1: mmap B anon pages=1 private r
# make_pages_present(write=0): do_anonymous_page read -> ZERO_PAGE mapcount 2, P1 file_rss 1
P1: mlock B

expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=1 mapcount=1 anon
expect P1:A[1] count=1 mapcount=1 anon
expect P1:A[2] count=1 mapcount=1 anon
expect P2:A[1] mapcount=2 zero
expect P1:B[0] mapcount=2 zero
expect P1 rss file=1 anon=3
expect P2 rss file=1 anon=1
