title "AF_PACKET ring: MADV_WIPEONFORK is EINVAL (file-backed), mprotect read-only makes stores SIGSEGV"
# madvise_behavior refuses MADV_WIPEONFORK on any file-backed VMA (the socket file). mprotect(PROT_READ)
# removes VM_WRITE; a store is SIGSEGV, a load still reads the ring page. Fork then copies the read-only
# MIXEDMAP PTE.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it
device ring preset=packet-ring pages=1

P1: mmap R dev:ring pages=1 shared rw
P1: write R[0] = 5
P1: madvise R wipeonfork -> EINVAL
P1: mprotect R r
P1: write R[0] = 6 -> SIGSEGV
P1: fork P2
P2: read R[0] == 5

expect P1:R[0] mapcount=2 !anon value=5
expect no violations
