title "R/W pin of a private file page: GUP COWs it into an anon page first, and fork then copies that pinned page"
# The write pin on a read-only file PTE of a private VMA runs a write fault: wp_page_copy makes an
# exclusive anon copy, which is pinned. fork then treats it like any pinned AnonExclusive page
# (copy_present_page for the child); the page cache keeps the file data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data private rw
P1: read F[0] == 0
P1: gup F[0] write pin longterm as H
P1: write F[0] = 7
P1: fork P2
P2: read F[0] == 7
P2: write F[0] = 8
P1: read F[0] == 7

expect P1:F[0] count=1025 mapcount=1 anon exclusive value=7
expect P2:F[0] count=1 mapcount=1 anon exclusive value=8
expect file:data[0] mapcount=0 value=0
expect no violations
