title "MADV_DONTNEED is refused on mlocked memory; after munlock it frees the pages"
# madvise_dontneed_free_valid_vma: VM_LOCKED -> EINVAL (only MADV_DONTNEED_LOCKED may zap locked
# pages). After munlock the same advice zaps and frees the exclusive page; the next read is the zero page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: mlock A
P1: madvise A dontneed -> EINVAL
P1: read A[0] == 1
P1: munlock A
P1: madvise A dontneed
P1: read A[0] == 0

expect P1:A[0] zero pte=present
expect no violations
