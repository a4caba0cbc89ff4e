title "Shared anonymous memory across fork: stores in either process are seen by the other, no COW"
# A VM_SHARED VMA never copies on write: do_wp_page() takes the shared path (wp_page_shared), and the
# shmem page is written in place. Parent and child map the same frame (mapcount 2) after their faults.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=1 shared rw
P1: write S[0] = 1
P1: fork P2
P2: read S[0] == 1
P2: write S[0] = 2
P1: read S[0] == 2
P1: write S[0] = 3
P2: read S[0] == 3
P2: exit
P1: read S[0] == 3

expect P1:S[0] mapcount=1 !anon value=3
expect P1 rss file=1 anon=0
expect no violations
