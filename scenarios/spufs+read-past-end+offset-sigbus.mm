title "spufs: access beyond the local store is SIGBUS; mmap offset selects the SPE page"
# Question: what happens on a fault past the end of the device, and does vm_pgoff (mmap offset) pick
# the page? spufs nopage computes offset = address - vm_start + (vm_pgoff << PAGE_SHIFT) and returns
# NOPAGE_SIGBUS beyond the area; do_no_page turns that into VM_FAULT_SIGBUS with no pte and no counts.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=2

P1: mmap A dev:spu pages=3 shared rw
# do_no_page write, shared: spu[1] count 1 -> 2, mapcount 1, file_rss 1
P1: write A[1] = 4
# offset 2 >= pages: NOPAGE_SIGBUS -> VM_FAULT_SIGBUS; nothing installed, nothing counted
P1: read A[2] -> SIGBUS
# offset=1: B[0] is spu[1]: second pte on it: count 3, mapcount 2, file_rss 2
P1: mmap B dev:spu pages=1 shared rw offset=1
P1: read B[0] == 4
# offset=2: beyond the device -> SIGBUS again
P1: mmap C dev:spu pages=1 shared rw offset=2
P1: read C[0] -> SIGBUS

expect spu[0] count=1 mapcount=0
expect spu[1] count=3 mapcount=2
expect P1:A[0] pte=none
expect P1:A[2] pte=none
expect P1:C[0] pte=none
expect P1 rss file=2 anon=0
