title "VM_WIPEONFORK is inherited: the child's own fork wipes its pages again"
# The child's VMA keeps VM_WIPEONFORK (dup_mmap copies vm_flags; only VM_LOCKED/VM_LOCKONFAULT are
# cleared), so data the child writes is not passed on to a grandchild either.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: madvise A wipeonfork
P1: fork P2
P2: write A[0] = 4
P2: fork P3
P3: read A[0] == 0
P2: read A[0] == 4

expect P2:A[0] count=1 mapcount=1 anon exclusive value=4
expect P3:A[0] zero pte=present
expect no violations
