title "A page read back from swap and reclaimed again becomes a swap PTE again, with the same data"
# The read swap-in keeps the page in the swap cache (clean, exclusive via the marker). A second reclaim
# unmaps it again: the clean swap-cache page needs no new write (its slot is reused), and the next read
# gets the data back.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 5
reclaim
P1: read A[0] == 5
reclaim
P1: read A[0] == 5

expect P1:A[0] count=2 mapcount=1 anon exclusive swapcache value=5
expect no violations
