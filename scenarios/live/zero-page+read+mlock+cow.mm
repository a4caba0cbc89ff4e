title "mlock after a read fault: the zero page is replaced by a real locked page (populate uses write faults)"
# A private writable VMA is populated with FOLL_WRITE, and the zero page never satisfies a write:
# faultin_page runs do_wp_page, which allocates a zeroed exclusive anon page. No zero page is left in
# an mlocked private writable mapping.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: mlock A
P1: read A[0] == 0

expect P1:A[0] count=1 mapcount=1 anon exclusive !zero value=0
expect P1:A[1] count=1 mapcount=1 anon exclusive value=0
expect no violations
