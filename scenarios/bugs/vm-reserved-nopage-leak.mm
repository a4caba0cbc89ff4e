title "2.6.15-rc1: zap skips every VM_RESERVED VMA, leaking the pages ->nopage handed out"
# The PageReserved removal (b5810039a54e) made zap_pte_range() leave every VM_RESERVED VMA alone,
# assuming remap_pfn_range() areas; drivers whose ->nopage returns a page with a reference also set
# VM_RESERVED, so munmap never dropped those references.  Hugh Dickins' VM_UNPAGED (0b14c179a483,
# 2.6.15-rc3) limited "never touch" to remap_pfn_range().
# Trigger: device fault=nopage memory=ram flags=VM_RESERVED; mmap shared; read; munmap: count stays +1.
bug name=vm-reserved-nopage-leak
bug introduced=b5810039a54e fixed=0b14c179a483 buggy=2.6.15-rc2 fixed-in=2.6.15-rc3 invariant=refcount-leak
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=0b14c179a483e71ea41df2aa4a661760063115bd
bug url=https://lore.kernel.org/r/Pine.LNX.4.61.0511171925290.4563@goblin.wat.veritas.com
# The model's rules: SpecialRule VMA_RESERVED (mmspec/mm/memory.py special_pte_reason(), do_no_page()'s
# _uncounted()) in rc1 and rc2, PFNMAP_LINEAR from rc3.
device drv fault=nopage memory=ram flags=VM_RESERVED pages=1
P1: mmap A dev:drv pages=1 shared rw
P1: read A[0] == 0
P1: munmap A
P1: exit
drv: release
