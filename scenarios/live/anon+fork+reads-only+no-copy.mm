title "Anonymous pages across fork with reads only: nothing is copied, every frame has mapcount 2"
# Reads never break COW: fork dups the anon rmap (mapcount 2, AnonExclusive cleared) and both PTEs
# are read-only; loads through them take no fault. Both processes keep seeing the same frames.
# 6.18 copy_present_ptes / folio_try_dup_anon_rmap_pte.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=3 private rw
P1: write A[0] = 1
P1: write A[2] = 3
P1: fork P2
P2: read A[0] == 1
P2: read A[1] == 0
P2: read A[2] == 3
P1: read A[0] == 1
P1: read A[2] == 3

expect P1:A[0] count=2 mapcount=2 anon !exclusive value=1
expect P2:A[0] count=2 mapcount=2 anon !exclusive value=1
expect P2:A[1] zero pte=present
expect P1:A[1] pte=none
expect P2:A[2] count=2 mapcount=2 anon value=3
expect P1 rss file=0 anon=2
expect P2 rss file=0 anon=2
expect no violations
