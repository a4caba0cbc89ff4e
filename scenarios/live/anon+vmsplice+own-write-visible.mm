title "vmsplice of an exclusive page without fork: the owner's later store is visible through the pipe"
# FOLL_GET does not unshare or write-protect anything; the page stays AnonExclusive with a writable
# PTE, so the owner's store goes into the same page without a fault and the pipe, which reads the page
# at read time, sees the new data. Exclusive pages are always reused (do_wp_page never even runs).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] read as H
P1: write A[0] = 2
P1: readref H == 2
P1: putref H

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
