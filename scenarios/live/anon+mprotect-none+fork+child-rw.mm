title "A PROT_NONE private mapping is inherited PROT_NONE; after mprotect RW in the child the data is COW-shared"
# fork copies the PROT_NONE PTEs (the VMA has an anon_vma). The child's mprotect RW gives it access;
# its load reads the parent's data through the shared frame, its store copies (refcount 2).
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: mprotect A none
P1: fork P2
P2: read A[0] -> SIGSEGV
P2: mprotect A rw
P2: read A[0] == 1
P2: write A[0] = 2
P1: mprotect A r
P1: read A[0] == 1

expect P1:A[0] count=1 mapcount=1 anon !exclusive value=1
expect P2:A[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
