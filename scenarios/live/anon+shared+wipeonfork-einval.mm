title "MADV_WIPEONFORK is refused on shared memory; MADV_DONTFORK is not"
# madvise_behavior: MADV_WIPEONFORK returns EINVAL for any file-backed or shared VMA (linux-mm-eras
# 11.9), so shared anon memory stays inherited with its data; MADV_DONTFORK (VM_DONTCOPY) works on it.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap S anon pages=1 shared rw
P1: mmap T anon pages=1 shared rw
P1: write S[0] = 1
P1: write T[0] = 2
P1: madvise S wipeonfork -> EINVAL
P1: madvise T dontfork
P1: fork P2
P2: read S[0] == 1
P2: read T[0] -> SIGSEGV

expect P1:S[0] mapcount=2 !anon value=1
expect P2:T[0] pte=none
expect no violations
