title "MADV_DONTNEED on file mappings: private COW data is dropped (re-read from the page cache), shared data stays"
# Question: what does the next touch after MADV_DONTNEED see? zap_page_range frees a private COW copy,
# so the refault re-reads the page-cache page; for a shared mapping the dirty pte is propagated with
# set_page_dirty and the data stays in the page cache. At exit only the cache reference remains.
# Across eras: the same in every era. From 2.6.23 the page cache is reached through ->fault
# (filemap_fault, 54cb8821de07), with do_no_page's accounting and early COW.
era 2.6.19
file data pages=1

P1: mmap S file:data pages=1 shared rw
# data[0] 2/1
P1: write S[0] = 5
P1: mmap A file:data pages=1 private rw
# pte none, write, private: do_no_page early COW: nopage ref (3), copy, page_cache_release (2); X 1/1
P1: write A[0] = 8
P1: read A[0] == 8
# zap: X freed
P1: madvise A dontneed
# do_no_page read from the page cache: data[0] 3/2
P1: read A[0] == 5
# zap of the shared dirty pte: set_page_dirty, file_rss--, page_remove_rmap, put: data[0] 2/1
P1: madvise S dontneed
# refault: 3/2
P1: read S[0] == 5
# exit_mmap: only the page-cache reference is left
P1: exit

expect file:data[0] count=1 mapcount=0 !anon
