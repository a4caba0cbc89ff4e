title "MADV_WIPEONFORK is refused on shared, file-backed and device VMAs in every era; MADV_DONTFORK drops a device VMA from the child"
# Question: can a shared anonymous, a private file or a private device mapping be wiped on fork? Before
# 4.14 the advice does not exist (-EINVAL); from 4.14 (d2cd9ede6e19) madvise_behavior() refuses
# "vma->vm_file || vma->vm_flags & VM_SHARED" (-EINVAL), so every driver mapping is refused. MADV_DONTFORK
# (f822566165dd, 2.6.16) works on all of them: VM_DONTCOPY, the child has no VMA.
era 6.18
file f pages=1
device ins preset=insert-page pages=1

P1: mmap S anon shared rw
P1: mmap F file:f private rw
# vm_insert_page(): ins[0] 2/1, P1 file_rss 1
P1: mmap D dev:ins private rw
# shared anonymous memory is shmem (VM_SHARED, vm_file): -EINVAL in every era
P1: madvise S wipeonfork -> EINVAL
# a private file mapping has vm_file: -EINVAL
P1: madvise F wipeonfork -> EINVAL
# a device mapping has vm_file: -EINVAL
P1: madvise D wipeonfork -> EINVAL
# MADV_KEEPONFORK only clears the flag from 4.14, with no such check: ok; unknown before 4.14
P1: madvise S keeponfork -> EINVAL until 4.13
# madvise_behavior(): MADV_DONTFORK sets VM_DONTCOPY on any VMA
P1: madvise D dontfork
# dup_mmap() skips VM_DONTCOPY: no VMA for D in the child, no copy of ins[0]
P1: fork P2
# the child still has the address bound, but no VMA: SIGSEGV
P2: read D[0] -> SIGSEGV
P1: read D[0] == 0

expect ins[0] count=2 mapcount=1
expect P2:D[0] pte=none
expect P1 rss file=1 anon=0
expect P2 rss file=0 anon=0
expect no violations
