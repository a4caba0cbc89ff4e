title "io_uring ring munmapped and mapped again: the new VMA lands where the old one was, under its new name only"
# io_uring refuses MAP_FIXED, so the oracle maps its rings where the kernel chooses, and after munmap the
# kernel's top-down search gives B the hole A left.  B maps the same SQ ring page (the ring keeps it and its
# data at mapcount 0); A has no VMA any more, so its access is SIGSEGV and its second munmap unmaps nothing
# (ok).  `mmspec fuzz --oracle --seed 11` found the harness reporting B's VMA under A too ("only the live
# kernel has this VMA"): it kept A's address after the munmap.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1

P1: mmap A dev:uring pages=1 shared rw
P1: write A[0] = 3
P1: munmap A
P1: mmap B dev:uring pages=1 shared rw
P1: read B[0] == 3
P1: read A[0] -> SIGSEGV
P1: munmap A

expect uring[0] mapcount=1
expect P1:A[0] pte=none
expect no violations
