title "Shared file mapping: page cache ref + one per pte; fork does not copy, the child refaults from the cache"
# Question: how are page-cache pages counted in a shared file mapping across fork? filemap_nopage returns
# the cached page with a find_get_page reference that do_no_page gives to the pte (cache 1 + 1 per pte);
# the shared vma has no anon_vma so copy_page_range skips it; the child refaults the same cached page.
# Across eras: the same in every era (from 2.6.23 through ->fault, 54cb8821de07, same accounting).
era 2.6.19
file data pages=2

P1: mmap A file:data pages=2 shared rw
# page read into the page cache (cache ref) + pte ref: data[0] 2/1, file_rss 1
P1: write A[0] = 5
# not copied
P1: fork P2
# child refault: data[0] 3/2
P2: read A[0] == 5
# data[1] 2/1
P2: write A[1] = 6
# data[1] 3/2
P1: read A[1] == 6
# zap: data[0] 2/1, data[1] 2/1
P2: exit

expect file:data[0] count=2 mapcount=1 !anon lru
expect file:data[1] count=2 mapcount=1
expect P1 rss file=2 anon=0
