title "R/W pin of a page that only maps the zero page: GUP write-faults a fresh anon page and pins it"
# No pin is taken on the zero page for FOLL_WRITE: the write fault (do_wp_page on the zero pfn) replaces
# it with a new zeroed exclusive anon page, and the pin is taken on that page. Untouched pages are
# faulted in by the same write fault path.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: gup A[0] write pin longterm as H
P1: gup A[1] write pin longterm as J
P1: read A[0] == 0
P1: putref H

expect P1:A[0] count=1 mapcount=1 anon exclusive value=0
expect P1:A[1] count=1025 mapcount=1 anon exclusive value=0
expect no violations
