title "mlock() of a VM_IO vm_insert_page VMA: VM_LOCKED without prefault (<=2.6.27) makes MADV_DONTNEED fail; from 2.6.28 nothing is locked"
# Question: is a VM_IO mapping locked by mlock()? Until 2.6.27 mlock_fixup() sets VM_LOCKED on every VMA
# (skipping only make_pages_present() for VM_IO); madvise_dontneed() then refuses it (-EINVAL on
# VM_LOCKED). From 2.6.28 (b291f000393f) VM_IO|VM_PFNMAP VMAs get no VM_LOCKED (3.7+: VM_SPECIAL,
# 314e51b9851b). The child of a fork never inherits VM_LOCKED (dup_mmap()).
era 2.6.27
device ins preset=insert-page flags=VM_IO pages=2

# vm_insert_page() into the driver's VM_IO VMA (VM_INSERTPAGE <=3.6, VM_MIXEDMAP 3.7+): ins[*] 2/1,
# P1 file_rss 2
P1: mmap A dev:ins shared rw
# <=2.6.27 VM_LOCKED, no prefault (VM_IO); 2.6.28+ untouched. 0 either way
P1: mlock A
# copy_page_range(): VM_INSERTPAGE / VM_MIXEDMAP -> copied: ins[*] 3/2, P2 file_rss 2; the child's
# VMA never has VM_LOCKED ("tmp->vm_flags &= ~VM_LOCKED")
P1: fork P2
# child: not locked in any era: zap ins[*] 2/1, P2 file_rss 0
P2: madvise A dontneed
# parent: VM_LOCKED (<=2.6.27) -> -EINVAL; 2.6.28+: zap ins[*] 1/0, P1 file_rss 0
P1: madvise A dontneed -> EINVAL until 2.6.27
# munlock: <=2.6.27 clears VM_LOCKED; 2.6.28+ nothing to do
P1: munlock A

expect until 2.6.27 ins[0] count=2 mapcount=1
expect until 2.6.27 ins[1] count=2 mapcount=1
expect since 2.6.28 ins[0] count=1 mapcount=0
expect since 2.6.28 ins[1] count=1 mapcount=0
expect until 2.6.27 P1:A[1] pte=present
expect since 2.6.28 P1:A[1] pte=none
expect until 2.6.27 P1 rss file=2 anon=0
expect since 2.6.28 P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
expect no violations
