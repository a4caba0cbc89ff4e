title "Three processes share an anonymous page (fork twice): two copies, and the last writer reuses"
# Fork from the child again: one frame mapped by three PTEs (mapcount 3). Each writer with refcount > 1
# copies; after two copies the original frame has one mapping and refcount 1, so the third writer
# reuses it (wp_can_reuse_anon_folio). 6.18 mm/memory.c do_wp_page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
P2: fork P3
P3: read A[0] == 1
P2: write A[0] = 2
P3: write A[0] = 3
P1: write A[0] = 4
P1: read A[0] == 4
P2: read A[0] == 2
P3: read A[0] == 3

expect P1:A[0] count=1 mapcount=1 anon exclusive value=4
expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect P3:A[0] count=1 mapcount=1 anon exclusive value=3
expect no violations
