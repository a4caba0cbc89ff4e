title "Dirty COW as a check: two threads, a /proc/PID/mem write and MADV_DONTNEED on a read-only file"
# Every interleaving, at get_user_pages()' retry: label, of one task's FOLL_FORCE write (poke) into a
# PROT_READ MAP_PRIVATE mapping of a file opened read-only with another task's reads and MADV_DONTNEED of
# that mapping.  Before 4.9 some interleaving writes the file's page cache (ro-file-written); from 4.9
# (FOLL_COW) and 6.0 (AnonExclusive) none does.
era 4.8
file f pages=1
P1: mmap A file:f pages=1 private r open=r
P1: thread T2
explore procs=1 threads=2 depth=6 maps=1 pages=1 refs=1 ops=read,poke,dontneed
expect until 4.8 violation ro-file-written
expect since 4.9-rc2 no violations
