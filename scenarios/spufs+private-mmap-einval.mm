title "spufs: MAP_PRIVATE is refused with EINVAL at mmap time"
# Question: can a process map the SPE local store privately (COW)? spufs_mem_mmap refuses !VM_SHARED
# with -EINVAL (arch/powerpc/platforms/cell/spufs/file.c), so no private spufs vma can exist;
# a shared mapping of the same device then works normally.
# Across eras: the ->nopage preset exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs pages=1

# spufs ->mmap: !(vma->vm_flags & VM_SHARED) -> -EINVAL, whatever the protection
P1: mmap A dev:spu pages=1 private rw -> EINVAL
P1: mmap B dev:spu pages=1 private r -> EINVAL
# shared mapping: fine; read fault via nopage: count 1 -> 2, mapcount 1, file_rss 1
P1: mmap C dev:spu pages=1 shared rw
P1: read C[0] == 0

# the failed mmaps took nothing
expect spu[0] count=2 mapcount=1
expect P1 rss file=1 anon=0
