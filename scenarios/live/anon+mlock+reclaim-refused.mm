title "Reclaim of an mlocked mapping: MADV_PAGEOUT is refused, the locked pages stay resident"
# madvise_cold_or_pageout refuses VM_LOCKED VMAs (can_madv_lru_vma: EINVAL); the pages are
# unevictable anyway. After munlock the same advice swaps them out. (mmspec run's reclaim skips
# mlocked pages in vmscan: try_to_unmap_one keeps VM_LOCKED mappings.)
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
swap pages=16

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: mlock A
reclaim
P1: read A[0] == 1
P1: munlock A
reclaim

expect P1:A[0] pte=swap
expect no violations
