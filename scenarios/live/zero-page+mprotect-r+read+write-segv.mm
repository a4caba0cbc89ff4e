title "Zero page in a read-only private mapping: reads map it, a store is SIGSEGV, mprotect rw then write copies"
# A read fault maps the zero page whatever the protection; a store to a VMA without VM_WRITE is
# SIGSEGV before any fault handling (access_error). After mprotect(PROT_READ|PROT_WRITE) the zero PTE
# stays read-only (mprotect never makes special/shared PTEs writable), so the write faults and copies.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private r
P1: read A[0] == 0
P1: write A[0] = 1 -> SIGSEGV
P1: mprotect A rw
P1: read A[0] == 0
P1: write A[0] = 2
P1: read A[0] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
