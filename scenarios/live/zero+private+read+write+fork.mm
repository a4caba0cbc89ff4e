title "MAP_PRIVATE /dev/zero behaves like private anonymous memory: zero page, COW copy, fork COW"
# mmap_zero() turns a private /dev/zero mapping into an anonymous VMA (vma_set_anonymous): reads map
# the zero page, writes allocate exclusive anon pages, fork shares them COW (live-kernel-observables 6).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap Z zero pages=2 private rw
P1: read Z[0] == 0
P1: write Z[1] = 4
P1: fork P2
P2: write Z[1] = 5
P1: read Z[1] == 4
P2: read Z[0] == 0

expect P1:Z[0] zero pte=present
expect P1:Z[1] count=1 mapcount=1 anon !exclusive value=4
expect P2:Z[1] count=1 mapcount=1 anon exclusive value=5
expect P1 rss file=0 anon=1
expect no violations
