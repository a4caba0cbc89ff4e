title "Reclaim leaves zero-page PTEs alone and swaps out only the written page"
# MADV_PAGEOUT/reclaim only handle folios on the LRU: vm_normal_page() is NULL for the special zero-pfn
# PTE, so it stays mapped (no swap entry, no slot used); the exclusive anon page becomes a swap PTE
# and comes back on read with its data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: write A[1] = 4
reclaim
P1: read A[1] == 4

expect P1:A[0] zero pte=present
expect P1:A[1] count=2 mapcount=1 anon exclusive swapcache value=4
expect no violations
