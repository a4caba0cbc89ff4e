title "A read get_user_pages() of an untouched private anonymous page: mapped by a fault, except 2.6.26-2.6.31 (FOLL_ANON hands out ZERO_PAGE unmapped)"
# Question: GUP for read on a never-touched page of private anonymous memory whose page table exists.
# <=2.6.25: FOLL_ANON applies only without a page table, so handle_mm_fault() maps the era's page
# (<=2.6.23 ZERO_PAGE counted; 2.6.24-2.6.25 a new anon page). 2.6.26-2.6.31 (89f5b7da2a "Reinstate
# ZERO_PAGE optimization in get_user_pages()", 2.6.26-rc7): a pte_none entry falls through to the
# FOLL_ANON case: ZERO_PAGE with a reference, nothing mapped. 2.6.32+ (a13ea5b75964, 8e4b9a607189 FOLL_ANON
# -> FOLL_DUMP): the fault maps the special zero PTE and follow_page() returns the zero page.
era 2.6.28
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon private rw pages=2
# anon_vma + a page table for A (A[0] and A[1] share it)
P1: write A[1] = 1
# get_user_pages(read): FOLL_ANON when !write, not VM_LOCKED|VM_SHARED, no ->fault (use_zero_page()).
# 5.8 only (17839856fd58, removed in 5.9-rc4): should_force_cow_break() takes the reference as a write in
# this COW mapping, so the fault is a write fault: do_anonymous_page() maps a new writable anon page.
P1: gup A[0] as Z
P1: readref Z == 0

expect until 2.6.23 P1:A[0] zero mapcount=1
expect since 2.6.24 until 2.6.25 P1:A[0] anon count=2 mapcount=1
expect since 2.6.26 until 2.6.31 P1:A[0] pte=none
expect since 2.6.32 until 5.7 P1:A[0] zero mapcount=0 pte=present
expect since 5.8 until 5.8 P1:A[0] anon count=2 mapcount=1
expect since 5.9-rc4 P1:A[0] zero mapcount=0 pte=present
expect until 2.6.23 P1 rss file=1 anon=1
expect since 2.6.24 until 2.6.25 P1 rss file=0 anon=2
expect since 2.6.26 until 5.7 P1 rss file=0 anon=1
expect since 5.8 until 5.8 P1 rss file=0 anon=2
expect since 5.9-rc4 P1 rss file=0 anon=1
expect no violations
