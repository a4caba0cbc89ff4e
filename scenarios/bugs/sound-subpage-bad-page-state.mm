title "Sub-pages of a non-compound high-order buffer mapped by ->nopage: freed on munmap (\"sound Bad page states\")"
# ALSA allocated DMA buffers as one order-n block without __GFP_COMP, so only the first struct page held
# the allocation's count; ->nopage's get_page() on sub-page k took it from 0 to 1 and the put at munmap
# freed that sub-page into the allocator while the driver still owned the block.  Hugh Dickins' "[PATCH
# 12/11] unpaged: fix sound Bad page states" allocates with __GFP_COMP (2.6.15-rc3; commit id not
# identified).  The same class is CVE-2021-22543 (kvm-pfnmap-refcount.mm).
bug name=sound-subpage-bad-page-state
bug introduced=unknown fixed=unknown buggy=2.6.15-rc2 fixed-in=2.6.15-rc3 invariant=freed-while-mapped
bug pending=compound
bug url=https://lore.kernel.org/r/Pine.LNX.4.61.0511211801070.17464@goblin.wat.veritas.com
