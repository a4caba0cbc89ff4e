title "mprotect PROT_READ on private anonymous memory: stores SIGSEGV; back to RW, the page is written in place"
# change_protection write-protects the PTEs; a store to a VMA without VM_WRITE is SIGSEGV. mprotect
# back to RW restores write permission directly on exclusive anon PTEs (can_change_pte_writable), so
# the write needs no copy: the same frame, still exclusive.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: mprotect A r
P1: write A[0] = 2 -> SIGSEGV
P1: read A[0] == 1
P1: mprotect A rw
P1: write A[0] = 3

expect P1:A[0] count=1 mapcount=1 anon exclusive value=3
expect no violations
