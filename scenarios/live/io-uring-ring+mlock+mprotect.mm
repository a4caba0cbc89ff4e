title "io_uring ring: mlock skips it (VM_MIXEDMAP|VM_DONTEXPAND are VM_SPECIAL), mprotect read-only blocks stores"
# mlock_fixup leaves VM_SPECIAL VMAs unlocked and returns success. mprotect PROT_READ on the inserted
# pages removes VM_WRITE; a store is SIGSEGV, a load still reads the ring page.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device uring preset=io-uring-ring pages=1

P1: mmap R dev:uring pages=1 shared rw
P1: mlock R
P1: mprotect R r
P1: write R[0] = 1 -> SIGSEGV
P1: read R[0]

expect P1:R[0] mapcount=1 !anon
expect no violations
