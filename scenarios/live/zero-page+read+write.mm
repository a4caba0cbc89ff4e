title "Zero page: a read maps the shared zero page, the first write replaces it with a private anon page"
# do_anonymous_page() read fault: a special PTE to the zero pfn, no counts, no rss, no anon_vma.
# The write fault then goes through do_wp_page(): vm_normal_page() is NULL for the zero pfn, so
# wp_page_copy() allocates a zeroed page (never reuse), RMAP_EXCLUSIVE. 6.18 mm/memory.c.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: read A[1] == 0
P1: write A[0] = 5
P1: read A[0] == 5
P1: read A[1] == 0

expect P1:A[0] count=1 mapcount=1 anon exclusive !zero value=5
expect P1:A[1] zero mapcount=0 pte=present
expect P1 rss file=0 anon=1
expect no violations
