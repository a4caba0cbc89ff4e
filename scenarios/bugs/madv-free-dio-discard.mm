title "Reclaim discards a MADV_FREE page that a direct-I/O read holds"
# try_to_unmap_one() dropped a clean lazyfree page without checking for extra references; a block-device
# O_DIRECT read into it lost its data.  6c8e2a256915 (v5.18-rc1) discards only when refcount == 1 +
# mapcount.
bug name=madv-free-dio-discard
bug introduced=802a3a92ad7a fixed=6c8e2a256915 buggy=5.17 fixed-in=5.18 invariant=pin-incoherent
bug pending=madv-free
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=6c8e2a256915a223f6289f651d6b926cd7135c9e
