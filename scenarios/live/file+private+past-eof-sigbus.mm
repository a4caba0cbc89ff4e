title "File mappings past the end of the file: loads and stores are SIGBUS, private or shared, even with an offset"
# shmem_fault/filemap_fault return VM_FAULT_SIGBUS for an index at or beyond i_size (the memfd has one
# page); a private write goes through the same ->fault (do_cow_fault) and fails the same way. Pages
# inside the file are unaffected.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data pages=2 private rw
P1: read F[0] == 0
P1: read F[1] -> SIGBUS
P1: write F[1] = 3 -> SIGBUS
P1: mmap G file:data pages=1 offset=1 shared rw
P1: read G[0] -> SIGBUS

expect P1:F[0] mapcount=1 !anon value=0
expect P1:F[1] pte=none
expect P1:G[0] pte=none
expect no violations
