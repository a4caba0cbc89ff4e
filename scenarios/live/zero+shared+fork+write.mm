title "MAP_SHARED /dev/zero is shared memory: shmem pages shared between parent and child"
# mmap_zero() on a shared mapping calls shmem_zero_setup(): the same as MAP_SHARED|MAP_ANONYMOUS.
# Reads allocate shmem pages; fork copies no PTEs; stores are visible to both processes.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap Z zero pages=2 shared rw
P1: read Z[0] == 0
P1: fork P2
P2: write Z[0] = 3
P1: read Z[0] == 3
P1: write Z[1] = 4
P2: read Z[1] == 4

expect P1:Z[0] mapcount=2 !anon !zero value=3
expect P2:Z[1] mapcount=2 !anon value=4
expect no violations
