title "Fault-around: a read fault on a file mapping also maps the neighbouring cached pages, from 3.15"
# Question: after a read fault on page 0, which other pages of the file mapping are mapped? Up to 3.14
# only the faulting one. From 3.15 (8c6e50b0290c) do_read_fault() first calls
# do_fault_around(): filemap_map_pages() maps every page already in the page cache within the aligned
# 16-page window, here page 1 (cached through the other mapping), with a reference and a mapcount.
# Page 2 is a hole of the cache: fault-around allocates nothing. Checked on the live 6.18 kernel
# (scenarios/live/file+shared+fault-around.mm).
era 6.18

file data pages=3
P1: mmap W file:data shared rw
P1: write W[1] = 5
P1: mmap F file:data shared r
P1: read F[0] == 0

expect until 3.7 P1:F[1] pte=none
expect until 3.7 P1 rss file=2 anon=0
expect since 5.9 P1:F[1] pte=present mapcount=2 value=5
expect since 5.9 P1 rss file=3 anon=0
expect P1:F[2] pte=none
expect no violations
