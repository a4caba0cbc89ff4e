title "mprotect PROT_NONE: loads and stores SIGSEGV, the page stays mapped and comes back with its data"
# A PROT_NONE VMA has none of VM_READ/VM_WRITE/VM_EXEC: every access is SIGSEGV, but the present PTE
# (now PROT_NONE) keeps the page and its mapcount; mprotect back makes it readable again.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 7
P1: mprotect A none
P1: read A[0] -> SIGSEGV
P1: write A[0] = 8 -> SIGSEGV
P1: mprotect A rw
P1: read A[0] == 7

expect P1:A[0] count=1 mapcount=1 anon exclusive value=7
expect no violations
