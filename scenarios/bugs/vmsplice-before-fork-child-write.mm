title "A GUP reference taken before fork sees the child's writes"
# The parent vmsplices (FOLL_GET, read) its own page and forks; once the parent's own PTE is gone (its
# write copies the page, or it unmaps it) the child's write fault finds mapcount 1 and reuses the page, so
# the parent's pipe reads the child's data.  GUP's forced COW break (17839856fd58, v5.8) does not help:
# the page was exclusive when the reference was taken.  Fixed by refcount-based reuse (09854ba94c6a,
# v5.9).  selftests/mm/cow.c: "vmsplice() before fork(), unmap in parent after fork()".
bug name=vmsplice-before-fork-child-write
bug introduced=c475a8ab625d fixed=09854ba94c6a buggy=5.8 fixed-in=5.9 invariant=cow-broken
bug url=https://lore.kernel.org/r/3ae33b08-d9ef-f846-56fb-645e3b9b4c66@redhat.com
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=09854ba94c6aad7886996bfbee2530b3d8a7f4f4
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
explore procs=2 depth=4 refs=1 ops=gup,fork,munmap,write
