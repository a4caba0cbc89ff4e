title "mlock of a swapped-out range swaps the pages back in with write faults and frees their swap slots"
# populate_vma_page_range uses FOLL_WRITE on a private writable VMA; do_swap_page maps the exclusive page
# writable, and should_try_to_free_swap() is true for a VM_LOCKED VMA, so the swap cache is dropped
# (folio_free_swap) whatever the refcount: the pages end up mlocked, exclusive, out of the swap cache.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
reclaim
P1: mlock A
P1: read A[1] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive !swapcache value=1
expect P1:A[1] count=1 mapcount=1 anon exclusive !swapcache value=2
expect no violations
