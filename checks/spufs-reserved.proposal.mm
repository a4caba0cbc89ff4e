title "The 2006 proposal, explored: every short sequence on VM_IO|VM_RESERVED SPE mappings"
# Under the hypothetical era, which invariants can a program break with mmap, faults, fork, munmap, exit
# and the driver's revoke and release, and what is the shortest way to break each?
era 2.6.19+reserved
device spu preset=spufs-reserved pages=1
explore procs=2 depth=5 ops=mmap,read,write,fork,munmap,exit,revoke,release
expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
