title "Truncation against faults, COW, fork and exit on a file mapping: no invariant breaks"
# Every sequence of up to 5 mmaps (shared or private), reads, writes, forks, munmaps, exits and truncations
# by one page of a 2-page file, by two processes: truncation's even_cows unmap and page-cache removal keep
# every count, mapcount and rss consistent.
era 6.18
file data pages=2
explore procs=2 depth=5 maps=1 pages=2 ops=mmap,read,write,fork,munmap,exit,truncate sources=file:data
expect no violations
