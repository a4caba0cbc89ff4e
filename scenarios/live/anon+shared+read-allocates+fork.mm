title "Shared anonymous memory: a read allocates a shmem page (no zero page); fork copies no PTEs, the child refaults the same page"
# MAP_SHARED|MAP_ANONYMOUS is shmem (shmem_zero_setup): a read fault allocates a real page-cache page,
# file bit set, not anon. dup_mmap skips copy_page_range (no anon_vma, not PFNMAP/MIXEDMAP:
# vma_needs_copy false), so the child starts with no PTEs and its fault finds the same shmem page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=2 shared rw
P1: read S[0] == 0
P1: fork P2
P2: read S[0] == 0
P2: write S[1] = 9
P1: read S[1] == 9

expect P1:S[0] mapcount=2 !anon !zero value=0
expect P2:S[0] mapcount=2 !anon value=0
expect P1:S[1] mapcount=2 !anon value=9
expect P1 rss file=2 anon=0
expect no violations
