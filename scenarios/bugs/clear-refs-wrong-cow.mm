title "Soft-dirty clear_refs write-protects a pinned page; the next write copies it"
# Writing 4 to /proc/PID/clear_refs write-protects every PTE; under refcount-based reuse a pinned page is
# then copied on the next write.  9348b73c2e1b (v5.11-rc4) skips maybe-pinned pages (FOLL_GET stays open
# until PageAnonExclusive, 5.19).
bug name=clear-refs-wrong-cow
bug introduced=09854ba94c6a fixed=9348b73c2e1b buggy=5.10 fixed-in=5.11 invariant=pin-incoherent
bug pending=clear-refs
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=9348b73c2e1bfea74ccd4a44fb4ccc7276ab9623
bug url=https://lore.kernel.org/r/3ae33b08-d9ef-f846-56fb-645e3b9b4c66@redhat.com
