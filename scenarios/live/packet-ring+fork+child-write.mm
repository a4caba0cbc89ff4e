title "AF_PACKET ring across fork: the MIXEDMAP PTEs are copied, a child store is seen by the parent"
# vm_insert_page at mmap (VM_MIXEDMAP, normal PTEs to kernel pages, file rmap). vma_needs_copy is true
# for MIXEDMAP, so fork copies both PTEs (mapcount 2). The mapping is shared: a write never copies.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2

P1: mmap R dev:ring pages=2 shared rw
P1: fork P2
P2: write R[1] = 8
P1: read R[1] == 8
P1: write R[0] = 9
P2: read R[0] == 9
P2: exit

expect P1:R[0] mapcount=1 !anon value=9
expect P1:R[1] mapcount=1 !anon value=8
expect ring[1] count=2 mapcount=1 value=8
expect P1 rss file=2 anon=0
expect no violations
