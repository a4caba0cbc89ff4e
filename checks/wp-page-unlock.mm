title "do_wp_page()'s late unlock_page() as a check: two threads, a store to a reused anon page, MADV_DONTNEED"
# Every interleaving, at do_wp_page()'s reuse point (after wp_page_reuse() dropped the page-table lock), of
# one task's stores to an anon page mapped read-only with page_count 1 (fork write-protected it, the child
# exited) with the other task's stores and MADV_DONTNEED of that mapping.  In 5.9-rc4 … 5.9-rc6
# (09854ba94c6a) some interleaving frees the page while the fault holds it locked (bad-page-state) and
# unlocks it after (page-use-after-free); before, and from 5.9-rc7 (be068f29034f), none does.
era 5.9-rc6
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: exit
P1: thread T2
explore procs=1 threads=2 depth=6 maps=1 pages=1 refs=0 ops=read,write,dontneed
expect since 5.9-rc4 until 5.9-rc6 violation bad-page-state
expect since 5.9-rc4 until 5.9-rc6 violation page-use-after-free
expect until 5.8 no violations
expect since 5.9-rc7 no violations
