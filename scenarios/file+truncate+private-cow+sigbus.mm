title "Truncation unmaps a private COW copy and frees it; the page cache page goes too"
# vmtruncate() (mm/memory.c, 2.6.19): unmap_mapping_range(mapping, new end, 0, even_cows=1) zaps every PTE
# past the new end, the anonymous COW copy in G included, then truncate_inode_pages() takes page 1 out of
# the page cache and drops the cache's reference: both frames are freed. A fault past i_size is SIGBUS.
era 2.6.19
file data pages=2

P1: mmap F file:data pages=2 shared rw
P1: mmap G file:data pages=2 private rw
P1: write F[1] = 5
P1: write G[1] = 6
P1: truncate file:data pages=1
P1: read F[1] -> SIGBUS
P1: read G[1] -> SIGBUS

expect P1:F[1] pte=none
expect P1:G[1] pte=none
expect P1 rss file=0 anon=0
expect no violations
