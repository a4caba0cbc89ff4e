title "Reclaim without a swap device keeps anonymous pages mapped"
# Question: can reclaim take anonymous pages when there is no swap? shrink_page_list: PageAnon and not in
# swap cache -> add_to_swap fails (no swap slot) -> activate_locked; the page stays mapped and counted.
# Across eras: the same in every era: without a swap slot an anonymous page cannot leave memory.
era 2.6.19

P1: mmap A anon pages=2 private rw
P1: write A[0] = 4
P1: write A[1] = 5
# no swap: nothing can be reclaimed
reclaim
P1: read A[0] == 4
P1: read A[1] == 5

expect P1:A[0] count=1 mapcount=1 anon lru !swapcache
expect P1:A[0] pte=present
expect P1:A[1] count=1 mapcount=1 anon
expect P1 rss file=0 anon=2
