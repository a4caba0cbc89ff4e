title "Private file mapping: a first write to a never-read page goes straight to an anon copy (do_cow_fault)"
# A write fault on an empty PTE of a private file VMA is do_cow_fault(): ->fault reads the page-cache
# page, the data is copied into a new exclusive anon page, and the page-cache page is not mapped.
# A read of the other page maps the page-cache page (shmem hole: a real page, not the zero page).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=2

P1: mmap F file:data private rw
P1: write F[0] = 8
P1: read F[1] == 0

expect P1:F[0] count=1 mapcount=1 anon exclusive value=8
expect P1:F[1] mapcount=1 !anon !zero value=0
expect file:data[0] mapcount=0 value=0
expect P1 rss file=1 anon=1
expect no violations
