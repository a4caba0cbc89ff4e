title "mlock() whose prefault hits SIGBUS: EFAULT / EPERM until 2.6.26, ENOMEM from 2.6.27"
# Question: a file mapping reaching past EOF is mlock()ed; the prefault's get_user_pages() gets SIGBUS
# (-EFAULT) on the first page, or after one good page. 2.6.19-2.6.26 make_pages_present(): a negative
# result is returned as is (EFAULT), a short one as -1 (EPERM). 2.6.27 (a477097d9c "mlock() fix return
# values"): EFAULT and short -> -ENOMEM. 2.6.28 (c11d69d8c8 revert + 9978ad583e
# __mlock_posix_error_return()) to 6.18 (__mm_populate() + __mlock_posix_error_return()): the -EFAULT of
# the failing page -> -ENOMEM, whether or not pages before it succeeded. VM_LOCKED stays set.
era 2.6.26
file f pages=1

# A: page 0 is file page 0, page 1 is past EOF. B: offset 1, its first page is already past EOF
P1: mmap A file:f private r pages=2
P1: mmap B file:f private r pages=2 offset=1
P1: mlock A -> EPERM until 2.6.26 -> ENOMEM since 2.6.27
P1: mlock B -> EFAULT until 2.6.26 -> ENOMEM since 2.6.27
# VM_LOCKED was set before the prefault in every era
P1: madvise A dontneed -> EINVAL

expect P1:A[0] pte=present
expect P1:A[1] pte=none
expect P1 rss file=1 anon=0
expect no violations
