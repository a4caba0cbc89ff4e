title "Anonymous COW across fork, both directions (selftests/mm/cow.c shape)"
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
P1: mmap A anon pages=2 private rw
P1: read A[0] == 0
P1: write A[1] = 5
P1: fork P2
P2: write A[1] = 6
P1: read A[1] == 5
P1: write A[1] = 7
P2: exit
P1: write A[0] = 1
