title "vmsplice of shared anonymous memory: no COW ever, so the pipe sees later stores from any process"
# A VM_SHARED page is written in place by every mapper (wp_page_shared); the pipe's FOLL_GET reference
# is to that same shmem page, so it reads the latest data, including a store by a forked child.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=1 shared rw
P1: write S[0] = 1
P1: gup S[0] read as H
P1: fork P2
P2: write S[0] = 2
P1: readref H == 2

expect P1:S[0] mapcount=2 !anon value=2
expect no violations
