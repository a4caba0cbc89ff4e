title "Private file mapping: MADV_WIPEONFORK is EINVAL (file-backed), MADV_DONTFORK hides it from the child"
# madvise_behavior refuses WIPEONFORK for vma->vm_file != NULL even when private. VM_DONTCOPY works:
# the child has no VMA. The parent's anon copy stays exclusive.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
file data pages=1

P1: mmap F file:data private rw
P1: write F[0] = 2
P1: madvise F wipeonfork -> EINVAL
P1: madvise F dontfork
P1: fork P2
P2: read F[0] -> SIGSEGV
P1: write F[0] = 3

expect P1:F[0] count=1 mapcount=1 anon exclusive value=3
expect no violations
