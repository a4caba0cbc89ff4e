title "Shared file mapping, fault-around: a read fault also maps the other cached pages of the window"
# do_read_fault() calls do_fault_around() when ->map_pages exists (shmem uses filemap_map_pages): the
# page-cache pages already present in the aligned 16-page window are mapped by the same fault, the
# missing ones are not allocated. Here page 1 is cached through another mapping, page 2 is a hole.
# Found by the live oracle: the model had no fault-around (era switch fault_around).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=3

P1: mmap W file:data shared rw
P1: write W[1] = 5
P1: mmap F file:data shared r
P1: read F[0] == 0

expect P1:F[0] mapcount=1 !anon value=0
expect P1:F[1] pte=present mapcount=2 value=5
expect P1:F[2] pte=none
expect no violations
