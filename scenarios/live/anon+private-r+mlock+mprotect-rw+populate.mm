title "mlock of a read-only private mapping maps the zero page; mprotect RW on the locked VMA then populates it with write faults"
# With VM_LOCKED and no VM_WRITE, populate_vma_page_range uses read faults: special zero-page PTEs, nothing
# mlocked, Rss 0. mprotect_fixup(): "Private VM_LOCKED VMA becoming writable: trigger COW to avoid major
# fault on access" -> populate_vma_page_range() again, now with FOLL_WRITE: every zero page is replaced by an
# exclusive, mlocked anon page before mprotect returns.
# Found by the live oracle: the model's mprotect_fixup() never populated (era switch mprotect_locked).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private r
P1: mlock A
P1: read A[0] == 0
P1: mprotect A rw
P1: read A[0] == 0
P1: write A[1] = 6

expect P1:A[0] count=1 mapcount=1 anon exclusive !zero value=0
expect P1:A[1] count=1 mapcount=1 anon exclusive value=6
expect P1 rss file=0 anon=2
expect no violations
