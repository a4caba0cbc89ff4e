title "MADV_WIPEONFORK with swapped-out pages: the child gets an empty VMA, the parent's swap entry keeps its exclusive marker"
# dup_mmap skips copy_page_range for VM_WIPEONFORK, so no swap_duplicate and the parent's swap PTE keeps
# the exclusive marker: its read swap-in maps the page AnonExclusive. The child reads zeroes.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
reclaim
P1: madvise A wipeonfork
P1: fork P2
P2: read A[0] == 0
P1: read A[0] == 1

expect P1:A[0] count=2 mapcount=1 anon exclusive swapcache value=1
expect P2:A[0] zero pte=present
expect no violations
