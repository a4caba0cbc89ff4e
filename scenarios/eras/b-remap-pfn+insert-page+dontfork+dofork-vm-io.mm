title "MADV_DONTFORK on a VM_IO remap_pfn_range() VMA sticks: MADV_DOFORK is EINVAL on VM_IO, allowed on a vm_insert_page VMA"
# Question: a process marks two device mappings MADV_DONTFORK and then tries to undo it. For VM_IO VMAs
# MADV_DOFORK is refused (-EINVAL, f822566165dd, 2.6.16, still in 6.18), because drivers may rely on
# VM_DONTCOPY; a vm_insert_page() VMA (VM_INSERTPAGE <=3.6, VM_MIXEDMAP 3.7+, no VM_IO) can be undone.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device io preset=remap-pfn pages=1
device ins preset=insert-page pages=1

# remap_pfn_range(): VM_IO|VM_PFNMAP (+VM_RESERVED <=3.6, +VM_DONTEXPAND|VM_DONTDUMP 3.7+, 314e51b9851b)
P1: mmap A dev:io shared rw
P1: write A[0] = 3
# MADV_DONTFORK: VM_DONTCOPY, allowed on VM_IO
P1: madvise A dontfork
# MADV_DOFORK: "if (vma->vm_flags & VM_IO) return -EINVAL": the flag stays
P1: madvise A dofork -> EINVAL
# vm_insert_page(): ins[0] 2/1, P1 file_rss 1
P1: mmap B dev:ins shared rw
P1: madvise B dontfork
# not VM_IO: VM_DONTCOPY cleared
P1: madvise B dofork
# dup_mmap(): A skipped (VM_DONTCOPY); B duplicated and, being VM_INSERTPAGE/VM_MIXEDMAP, copied with
# get_page + page_dup_rmap: ins[0] 3/2, P2 file_rss 1
P1: fork P2
P2: read A[0] -> SIGSEGV
P2: read B[0] == 0
P1: read A[0] == 3

expect ins[0] count=3 mapcount=2
expect io[0] value=3
expect P2:A[0] pte=none
expect P2:B[0] pte=present
expect P1 rss file=1 anon=0
expect P2 rss file=1 anon=0
expect no violations
