title "MADV_DONTNEED on swapped-out pages drops the swap entries; the next read is the zero page"
# zap_nonpresent_ptes: a genuine swap entry in a private VMA is freed with free_swap_and_cache (the
# swap-cache folio goes too once the slot is unused); the data is discarded and a read faults in the
# zero page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
reclaim
P1: madvise A dontneed
P1: read A[0] == 0

expect P1:A[0] zero pte=present
expect P1:A[1] pte=none
expect P1 rss file=0 anon=0
expect no violations
