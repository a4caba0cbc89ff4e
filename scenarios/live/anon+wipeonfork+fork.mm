title "MADV_WIPEONFORK: the child gets the VMA without its pages (reads see zero), the parent keeps them exclusive"
# dup_mmap: a VM_WIPEONFORK VMA is duplicated with anon_vma = NULL and no copy_page_range. The child's
# first read is a fresh anonymous fault (zero page); the parent's pages were never shared.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=2 private rw
P1: write A[0] = 1
P1: write A[1] = 2
P1: madvise A wipeonfork
P1: fork P2
P2: read A[0] == 0
P2: write A[1] = 5
P1: write A[0] = 3
P1: read A[1] == 2

expect P1:A[0] count=1 mapcount=1 anon exclusive value=3
expect P1:A[1] count=1 mapcount=1 anon exclusive value=2
expect P2:A[0] zero pte=present
expect P2:A[1] count=1 mapcount=1 anon exclusive value=5
expect no violations
