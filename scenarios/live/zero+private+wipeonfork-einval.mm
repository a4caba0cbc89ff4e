title "MAP_PRIVATE /dev/zero is anonymous memory with a vm_file: MADV_WIPEONFORK is EINVAL and fork shares it COW"
# mmap_zero() makes a private mapping anonymous (vma_set_anonymous: no vm_ops) but keeps vma->vm_file,
# and madvise_behavior refuses MADV_WIPEONFORK whenever vm_file is set. The child therefore inherits the
# page COW and reads the parent's data.
era 6.18
eras 6.18                    # the live kernel's rules; other eras cannot run it

P1: mmap Z zero pages=1 private rw
P1: write Z[0] = 1
P1: madvise Z wipeonfork -> EINVAL
P1: fork P2
P2: read Z[0] == 1
P2: write Z[0] = 2
P1: read Z[0] == 1

expect P1:Z[0] count=1 mapcount=1 anon !exclusive value=1
expect P2:Z[0] count=1 mapcount=1 anon exclusive value=2
expect no violations
