title "An O_DIRECT (FOLL_GET) page mapped read-only by mprotect() is copied on the next write (5.9-5.18)"
# The FOLL_GET form of the same wrong COW: a writable get_user_pages() reference (direct I/O in flight),
# mprotect() read-only and back, then a write: refcount-based reuse copies, and the I/O lands in a page the
# process no longer maps.  Fixed for this path by PageAnonExclusive (6c287605fd56, v5.19).
bug name=gup-mprotect-wrong-cow
bug introduced=09854ba94c6a fixed=6c287605fd56 buggy=5.18 fixed-in=5.19 invariant=pin-incoherent
bug url=https://lore.kernel.org/r/20220308141437.144919-1-david@redhat.com
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
explore procs=1 depth=4 refs=1 ops=gup,mprotect,write
