title "Private file mapping: a read maps the page-cache page, a write makes a private anon copy, the file is untouched"
# A MAP_PRIVATE file read maps the shmem/page-cache page itself (file bit, not anon, read-only PTE).
# A write then COWs it (do_wp_page -> wp_page_copy: not an anon folio, so always copy): the process
# sees its own anon page, while a shared mapping of the same file still reads the old data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data private rw
P1: mmap G file:data shared rw
P1: write G[0] = 4
P1: read F[0] == 4
P1: write F[0] = 5
P1: read F[0] == 5
P1: read G[0] == 4

expect P1:F[0] count=1 mapcount=1 anon exclusive value=5
expect P1:G[0] mapcount=1 !anon value=4
expect file:data[0] mapcount=1 value=4
expect no violations
