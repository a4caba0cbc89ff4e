title "get_user_pages() followed VM_PFNMAP PTEs of a driver that cleared VM_IO"
# GUP refused VM_IO VMAs only; a driver that cleared VM_IO after remap_pfn_range() let GUP take
# get_page() on raw pfns the VM does not count (or that have no struct page).  1ff8038988ad
# (2.6.15-rc6) makes GUP refuse VM_PFNMAP too.  The rule is modelled (GupVmaFilter IO_ONLY/IO_PFNMAP);
# the driver is not: the model's remap_pfn_range() always sets VM_IO and no driver clears it afterwards.
# Trigger: device fault=remap memory=ram flags=VM_PFNMAP (no VM_IO); mmap; gup; the driver releases.
bug name=gup-follows-pfnmap
bug introduced=6aab341e0a28 fixed=1ff8038988ad buggy=2.6.15-rc5 fixed-in=2.6.15-rc6
bug pending=flags-after-mmap
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=1ff8038988adecfde71d82c0597727fc239d4e8c
