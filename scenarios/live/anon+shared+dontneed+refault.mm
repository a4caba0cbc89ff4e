title "Shared anonymous memory: MADV_DONTNEED only zaps the PTE; the next read maps the same shmem page with the data"
# madvise_dontneed on a shared VMA zaps PTEs but the shmem page stays in the page cache (only
# MADV_REMOVE would punch the hole): the refault (shmem_fault) finds the same frame, value kept.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=1 shared rw
P1: write S[0] = 6
P1: madvise S dontneed
P1: read S[0] == 6

expect P1:S[0] mapcount=1 !anon value=6
expect P1 rss file=1 anon=0
expect no violations
