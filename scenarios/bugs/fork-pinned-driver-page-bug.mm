title "fork() copies a pinned driver page of a private VM_MIXEDMAP VMA as anonymous: BUG_ON(!anon_vma)"
# 5.9's early COW at fork (70e806e4e645) copies any maybe-pinned normal page of a COW VMA.  A pinned
# vm_insert_page() page in a MAP_PRIVATE VMA without anon_vma (VM_MIXEDMAP is always copied at fork) gets
# an anonymous copy added to a child VMA that has no anon_vma.  Fixed upstream by fb3d824d1a46 (v5.19),
# which copies only anonymous pages.  Reported on 5.10.149 and 5.15.75 (kernel BUG at mm/rmap.c in
# __page_set_anon_rmap(), a syzkaller program) and fixed in those stable branches by Yuanzheng Song's
# "mm/memory: add non-anonymous page check in the copy_present_page()".
bug name=fork-pinned-driver-page-bug
bug introduced=70e806e4e645 fixed=fb3d824d1a46 buggy=5.18 fixed-in=5.19 invariant=kernel-bug
bug url=https://lore.kernel.org/r/20221028030705.2840539-1-songyuanzheng@huawei.com
bug url=https://lore.kernel.org/r/20220308141437.144919-1-david@redhat.com
device d preset=insert-page pages=1
P1: mmap A dev:d private rw
explore procs=2 depth=2 refs=1 ops=pin,fork
