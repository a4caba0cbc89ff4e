title "Zero page mapped before fork: fork copies the special PTE, the child's write gets a fresh page"
# cow.c "fork after read" shape: the zero-pfn PTE is special, so copy_present_ptes() copies it verbatim
# with no counts (vm_normal_page NULL). The child's write replaces its zero PTE by a new zeroed exclusive
# anon page (wp_page_copy); the parent still maps the zero page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: read A[0] == 0
P1: fork P2
P2: read A[0] == 0
P2: write A[0] = 7
P1: read A[0] == 0
P2: read A[0] == 7

expect P1:A[0] zero mapcount=0 pte=present
expect P2:A[0] count=1 mapcount=1 anon exclusive value=7
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=1
expect no violations
