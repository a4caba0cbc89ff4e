title "Truncation takes a child's private COW copy of a file page too (even_cows=1)"
# The child's store copies file page 1 into an anonymous page of its private mapping; truncation unmaps it
# anyway (unmap_mapping_range(..., even_cows=1)), so the child's next access is SIGBUS, not its own data.
# After the file grows back, the child faults the new (zero) page cache page in.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap G file:data pages=2 private rw
P1: read G[1] == 0
P1: fork P2
P2: write G[1] = 7
P1: truncate file:data pages=1
P2: read G[1] -> SIGBUS
P1: read G[1] -> SIGBUS
P1: truncate file:data pages=2
P2: read G[1] == 0

expect P2 rss file=1 anon=0
expect no violations
