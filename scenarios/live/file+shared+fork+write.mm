title "Shared file mapping across fork: no PTEs copied, the child refaults the same page-cache page"
# MAP_SHARED file VMA without anon_vma: vma_needs_copy() is false, the child refaults (shmem_fault)
# onto the same page; stores go to the page cache and are seen by both processes and by read-only
# mappings of the file.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data shared rw
P1: write F[0] = 1
P1: fork P2
P2: read F[0] == 1
P2: write F[0] = 2
P1: read F[0] == 2
P2: exit

expect P1:F[0] mapcount=1 !anon value=2
expect file:data[0] mapcount=1 value=2
expect P1 rss file=1 anon=0
expect no violations
