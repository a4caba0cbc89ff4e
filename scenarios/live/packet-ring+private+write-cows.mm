title "AF_PACKET ring mapped MAP_PRIVATE: a store copies the ring page into a private anon page"
# The inserted PTEs of a private VMA are read-only (vm_page_prot of a COW mapping). A store runs
# do_wp_page on a non-anon page in a private VMA: wp_page_copy, so the process writes its own anon
# copy and the ring page keeps its old contents and loses this mapping.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2

P1: mmap W dev:ring pages=2 shared rw
P1: write W[0] = 3
P1: mmap R dev:ring pages=2 private rw
P1: read R[0] == 3
P1: write R[0] = 4
P1: read W[0] == 3
P1: read R[0] == 4

expect P1:R[0] count=1 mapcount=1 anon exclusive value=4
expect P1:R[1] mapcount=2 !anon value=0
expect ring[0] mapcount=1 value=3
expect no violations
