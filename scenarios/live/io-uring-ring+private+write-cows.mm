title "io_uring ring mapped MAP_PRIVATE: the inserted page is read-only, a store copies it into an anon page"
# vm_insert_pages maps the ring page with the private vm_page_prot (read-only); a store runs do_wp_page on
# a non-anon page in a COW mapping, so wp_page_copy gives the process its own anon page and the ring page
# loses this mapping.
# Found by the live oracle: the io-uring-ring preset refused MAP_PRIVATE.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1

P1: mmap R dev:uring pages=1 private rw
P1: write R[0] = 5
P1: read R[0] == 5

expect P1:R[0] count=1 mapcount=1 anon exclusive value=5
expect uring[0] mapcount=0 value=0
expect no violations
