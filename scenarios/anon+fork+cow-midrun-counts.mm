title "Anonymous COW across fork, asserted mid-run: the shared page's counts right after fork and after each write"
# Question: what do count and mapcount of an anonymous page say at each point of a fork and COW, not only
# at the end? copy_one_pte (copy_present_pte) takes a reference and a mapcount for the child and
# write-protects both PTEs: 2/2 right after fork. The child's write fault finds mapcount (or, from 5.9,
# page_count) 2 and copies: the old page drops to 1/1, the child's copy is 1/1. The parent's write then
# reuses its page in place. `expect here` checks the state right after the step above it.
# Across eras: the same numbers in every era (the reason for the reuse changes; see
# anon+fork+cow-child-writes.mm).
era 2.6.19

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
expect here P1:A[0] pte=present count=1 mapcount=1 anon
expect here P1 rss anon=1
P1: fork P2
# copy_one_pte: get_page + page_dup_rmap on the shared page
expect here P1:A[0] count=2 mapcount=2 anon
expect here P2:A[0] count=2 mapcount=2 anon
expect here P2 rss anon=1
P2: write A[0] = 2
# do_wp_page in the child: copy; the parent keeps the old page alone
expect here P1:A[0] count=1 mapcount=1 value=1
expect here P2:A[0] count=1 mapcount=1 value=2
expect here no violations
P1: write A[0] = 3
P1: read A[0] == 3
P2: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon value=3
expect P2:A[0] count=1 mapcount=1 anon value=2
expect P1 rss file=0 anon=1
expect P2 rss file=0 anon=1
expect no violations
