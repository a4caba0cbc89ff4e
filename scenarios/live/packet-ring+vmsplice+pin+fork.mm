title "AF_PACKET ring pages can be vmspliced and longterm-pinned; pins never matter to fork for these file pages"
# The ring VMA is VM_MIXEDMAP, not VM_IO/VM_PFNMAP, so GUP accepts it and vm_normal_page() gives the
# inserted page: FOLL_GET (vmsplice) and FOLL_PIN|FOLL_LONGTERM (io_uring buffer) both work. The pipe
# sees later stores (shared mapping, no COW). fork copies the MIXEDMAP PTEs (mapcount 2) without
# looking at pins, which are only checked for anon folios.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=2

P1: mmap R dev:ring pages=2 shared rw
P1: write R[0] = 3
P1: gup R[0] read as H
P1: write R[0] = 4
P1: readref H == 4
P1: gup R[1] write pin longterm as J
P1: fork P2
P2: read R[1] == 0
P2: write R[1] = 5
P1: read R[1] == 5
P1: putref J
P1: putref H

expect P1:R[0] mapcount=2 !anon value=4
expect P1:R[1] mapcount=2 !anon value=5
expect no violations
