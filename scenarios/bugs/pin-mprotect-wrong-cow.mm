title "A pinned page mapped read-only by mprotect() is copied on the next write (5.9-5.18)"
# Refcount-based reuse (09854ba94c6a, v5.9) copies any anonymous page whose count exceeds one, so a page
# under a writable long-term pin (an io_uring fixed buffer) that mprotect() maps read-only and back is
# copied on the next write, away from the pin.  Fixed by PageAnonExclusive (6c287605fd56, v5.19): an
# exclusive page is reused whatever its count.  selftests/mm/cow.c: "R/O-mapping a page registered as
# iouring fixed buffer".
bug name=pin-mprotect-wrong-cow
bug introduced=09854ba94c6a fixed=6c287605fd56 buggy=5.18 fixed-in=5.19 invariant=pin-incoherent
bug url=https://lore.kernel.org/r/20220308141437.144919-1-david@redhat.com
bug url=https://lore.kernel.org/r/3ae33b08-d9ef-f846-56fb-645e3b9b4c66@redhat.com
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
explore procs=1 depth=4 refs=1 ops=pin,mprotect,write
