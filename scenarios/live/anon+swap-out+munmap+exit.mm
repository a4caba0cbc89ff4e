title "Swapped-out pages shared by fork are released by munmap and exit without being read back"
# Each zap of a swap PTE drops one swap count (free_swap_and_cache); the slot and its swap-cache page
# are freed when the last one goes. The parent's munmap and the child's exit never fault the data in.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
reclaim
P1: fork P2
P1: munmap A
P2: read A[1] == 2
P2: exit
P1: read A[0] -> SIGSEGV

expect P1:A[0] pte=none
expect no violations
