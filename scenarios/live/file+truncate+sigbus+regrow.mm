title "Truncation unmaps the pages beyond the new end, private copies included; a regrown file reads zeros"
# truncate_setsize() + truncate_pagecache() (shmem_setattr() for this memfd) unmap every page past the new
# end from every mapping with even_cows=1, so G's private COW copy goes too, then drop the page-cache pages:
# both mappings get SIGBUS there (past i_size), page 0 stays. G's SIGBUS read still faults around first
# (do_fault_around() maps the cached page 0 inside i_size) before ->fault finds page 1 past the end.
# Growing the file back maps a new zero page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap F file:data pages=2 shared rw
P1: mmap G file:data pages=2 private rw
P1: write F[1] = 5
P1: write G[1] = 6
P1: read F[0] == 0
P1: truncate file:data pages=1
P1: read F[1] -> SIGBUS
P1: read G[1] -> SIGBUS
P1: read F[0] == 0
P1: truncate file:data pages=2
P1: read F[1] == 0

expect P1:G[1] pte=none
expect P1 rss file=3 anon=0     # F[0], F[1], and G[0] from the fault-around
expect no violations
