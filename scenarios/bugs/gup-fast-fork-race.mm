title "GUP-fast pins a page between fork's pinned check and its write-protect"
# fork decides under the PT lock that a page is not pinned; lockless GUP-fast pins it before fork
# write-protects it; the owner's next write copies away from the pin.  f3c64eda3e50 (5.9) checks
# has_pinned and page_maybe_dma_pinned() in copy_present_page() and write-protects afterwards in
# copy_present_pte(), under the page-table locks that pin_user_pages_fast() does not take; the fix,
# write_protect_seq (57efa1fe5957, v5.11), makes GUP-fast fall back to get_user_pages(), which waits for
# fork's mmap_lock.  T1 forks and stops in the window (after the check, before ptep_set_wrprotect());
# T2 pins A[0] with pin_user_pages_fast(FOLL_WRITE).  5.10: the PTE is still writable, the pin is taken
# without a lock, fork shares the pinned page read-only and P1's write copies it (pin-incoherent).
# 5.11: the count is odd, T2 sleeps in mmap_read_lock(); when fork ends, its get_user_pages() breaks COW
# first and pins P1's own copy, which the later write reuses.
bug name=gup-fast-fork-race
bug introduced=f3c64eda3e50 fixed=57efa1fe5957 buggy=5.10 fixed-in=5.11 invariant=pin-incoherent
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=57efa1fe5957694fa541c9062de0a127f0b9acb0
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: thread T2
P1: fork P2 until wrprotect
P1/T2: gup A[0] write pin fast as H
P1: resume
P1: write A[0] = 2
