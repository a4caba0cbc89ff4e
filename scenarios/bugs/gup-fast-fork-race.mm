title "GUP-fast pins a page between fork's pinned check and its write-protect"
# fork decides under the PT lock that a page is not pinned; lockless GUP-fast pins it before fork
# write-protects it; the owner's next write copies away from the pin.  write_protect_seq (57efa1fe5957,
# v5.11).
bug name=gup-fast-fork-race
bug introduced=f3c64eda3e50 fixed=57efa1fe5957 buggy=5.10 fixed-in=5.11 invariant=pin-incoherent
bug pending=races
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=57efa1fe5957694fa541c9062de0a127f0b9acb0
