title "->fault + vm_insert_pfn() on a VM_IO|VM_PFNMAP VMA: no counts at fault, fork copies raw PTEs, GUP and MADV_DONTNEED refused"
# Question: the 2.6.26+ way to map memory without struct pages on demand (spufs from 2.6.27, vvar today):
# ->fault calls vm_insert_pfn()/vmf_insert_pfn() and returns VM_FAULT_NOPAGE. What do fault, fork, GUP,
# MADV_DONTNEED and munmap do? Before 2.6.26 a ->fault on VM_PFNMAP is a BUG (the preset cannot run there:
# 42172d751b45 "mm: allow pfnmap ->fault()s"). MAP_PRIVATE is refused by the driver.
era 2.6.27
device io preset=insert-pfn pages=2

# the driver's ->mmap refuses MAP_PRIVATE (shared only, like spufs)
P1: mmap Q dev:io private rw -> EINVAL
P1: mmap A dev:io shared rw
# __do_fault() -> ->fault -> vm_insert_pfn(): non-COW VM_PFNMAP, no BUG; insert_pfn() writes a raw
# PTE with vm_page_prot (special with x86 pte_special from 2.6.27, a0a8f5364a5a; plain in 2.6.26, where
# vm_normal_page() calls every PTE of a non-COW PFNMAP special). No count, no mapcount, no rss.
# VM_FAULT_NOPAGE; the store is retried and reaches io[0]
P1: write A[0] = 4
P1: read A[1] == 0
# copy_page_range(): VM_PFNMAP is always copied; vm_normal_page() NULL -> PTEs copied verbatim, no counts
P1: fork P2
P2: read A[0] == 4
# get_user_pages(): VM_IO|VM_PFNMAP -> -EFAULT before any page lookup (every era)
P1: gup A[0] as G -> EFAULT
P2: gup A[1] write as H -> EFAULT
# madvise_dontneed(): VM_PFNMAP -> -EINVAL (6aab341e0a28)
P1: madvise A dontneed -> EINVAL
# zap_pte_range(): vm_normal_page() NULL -> clear the PTE, nothing else
P1: munmap A
P2: write A[1] = 6

expect io[0] value=4
expect io[1] value=6
expect P1:A[0] pte=none
expect P2:A[0] pte=present
expect P2:A[1] pte=present
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
expect no violations
