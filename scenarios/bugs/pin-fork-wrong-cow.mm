title "fork() write-protects a pinned page: the parent's next write copies it away from the pin"
# A process pins its page for DMA (FOLL_PIN, writable), then forks.  Fork shares the pinned page
# read-only; the parent's next write copies, so its address no longer maps the page the device writes.
# The fork-versus-O_DIRECT problem is old (Andrea Arcangeli, 2008); for FOLL_PIN it is fixed by copying a
# maybe-pinned page for the child at fork (70e806e4e645, v5.9).
bug name=pin-fork-wrong-cow
bug introduced=unknown fixed=70e806e4e645 buggy=5.8 fixed-in=5.9 invariant=pin-incoherent
bug url=https://lore.kernel.org/r/20200921212028.25184-1-peterx@redhat.com
bug url=https://lore.kernel.org/r/20200914143829.GA1424636@nvidia.com
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
explore procs=2 depth=4 refs=1 ops=pin,fork,write,exit
