title "mlock() of a VM_DONTEXPAND (VM_SPECIAL, not VM_IO) VMA: locked+populated (<=2.6.27), populated only (2.6.28+)"
# Question: does mlock() lock or populate a driver VMA with VM_DONTEXPAND but no VM_IO/VM_PFNMAP? <=2.6.27:
# VM_LOCKED and make_pages_present(). 2.6.28-2.6.37 (b291f000393f): "VM_DONTEXPAND | VM_RESERVED" ->
# make_pages_present() only, no VM_LOCKED. 2.6.38+ mlock_fixup() skips all VM_SPECIAL (3.7: 314e51b9851b
# drops VM_RESERVED), but the populate pass (do_mlock_pages(), __mm_populate() from 3.9) skips only
# VM_IO|VM_PFNMAP: the pages are still faulted in. VM_LOCKED is visible through MADV_DONTNEED's -EINVAL.
era 3.7
device dx fault=none flags=VM_DONTEXPAND pages=2

# no vm_ops: every fault is do_anonymous_page(); private, so 4.2's VM_SHARED SIGBUS does not apply
P1: mmap A dev:dx private rw
P1: mmap B dev:dx private rw
# <=2.6.27 VM_LOCKED + make_pages_present(write): anon pages A[0], A[1] 1/1.
# 2.6.28-2.6.37 mlock_fixup(): make_pages_present() only (result ignored), no VM_LOCKED.
# 2.6.38+: mlock_fixup() leaves VM_SPECIAL alone, then do_mlock_pages()/__mm_populate() faults the
# range in (it skips only VM_IO|VM_PFNMAP; populate_vma_page_range() does not test VM_LOCKED).
P1: mlock A
P1: mlock B
# madvise_dontneed(): VM_LOCKED (<=2.6.27) -> -EINVAL; 2.6.28+: zap B
P1: madvise B dontneed -> EINVAL until 2.6.27

expect P1:A[0] pte=present anon count=1 mapcount=1
expect P1:A[1] pte=present anon count=1 mapcount=1
expect until 2.6.27 P1:B[0] pte=present anon
expect since 2.6.28 P1:B[0] pte=none
expect until 2.6.27 P1 rss file=0 anon=4
expect since 2.6.28 P1 rss file=0 anon=2
expect no violations
