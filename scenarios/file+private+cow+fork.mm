title "Private file mapping: COW copy of a page-cache page, fork copies anon and file ptes"
# Question: how does a private file mapping behave under COW and fork? do_wp_page copies the non-anon
# page-cache page (file_rss -> anon_rss); the file is untouched. After the COW the vma has an anon_vma, so
# fork copies all its ptes (anon and page-cache) with get + dup; the shared mapping of the same file is
# not copied.
# Across eras: the same in every era. From 2.6.23 the faults go through ->fault (54cb8821de07); from 5.9
# fork copies a page early only for an mm that has pinned (70e806e4e645), which P1 never did.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
file data pages=2

P1: mmap S file:data pages=2 shared rw
# data[0] 2/1
P1: write S[0] = 5
P1: mmap A file:data pages=2 private rw
# data[0] 3/2 (read-only private pte)
P1: read A[0] == 5
# data[1] 2/1
P1: read A[1] == 0
# do_wp_page copy: data[0] 2/1; X 1/1; P1 rss: S[0] file, A[1] file, A[0] anon
P1: write A[0] = 8
P1: read S[0] == 5
# S: shared, no anon_vma -> skipped. A: copied: X 2/2, data[1] 3/2; child file_rss 1, anon_rss 1
P1: fork P2
P2: read A[0] == 8
P2: read A[1] == 0
# child do_wp_page: X mapcount 2 -> copy: X 1/1, child Y 1/1
P2: write A[0] = 9
P1: read A[0] == 8
P2: read A[0] == 9

expect P1:A[0] count=1 mapcount=1 anon
expect P2:A[0] count=1 mapcount=1 anon
expect file:data[0] count=2 mapcount=1
expect file:data[1] count=3 mapcount=2
expect P2:S[0] pte=none
expect P1 rss file=2 anon=1
expect P2 rss file=1 anon=1
