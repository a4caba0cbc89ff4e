title "spufs 2.6.21-2.6.26: ->nopfn + vm_insert_pfn() + NOPFN_REFAULT; fork copies the raw PTEs, GUP fails, revoke and refault"
# Question: from 2.6.21 spufs maps the SPE local store with VM_IO|VM_PFNMAP and a ->nopfn handler that
# calls vm_insert_pfn() itself and returns NOPFN_REFAULT (78bde53e351b, e0dc0d8f4a32, 22cd25ed31bb). How
# are its PTEs counted at fault, fork, GUP, madvise and revoke? ->nopfn was removed in 2.6.27
# (0d71d10a4252; spufs moved to ->fault in b1e2270ffefb), so other eras cannot run this driver.
era 2.6.21
device spu preset=spufs-nopfn pages=2

# spufs_mem_mmap(): -EINVAL unless VM_SHARED
P1: mmap Q dev:spu private rw -> EINVAL
P1: mmap L dev:spu shared rw
# do_no_pfn(): BUG_ON(!VM_PFNMAP) and BUG_ON(is_cow_mapping) pass; the handler's vm_insert_pfn()
# writes a raw PTE (no count, mapcount or rss) and returns NOPFN_REFAULT; the store is retried
P1: write L[0] = 7
# copy_page_range(): VM_PFNMAP -> copied; vm_normal_page() NULL (non-COW PFNMAP) -> verbatim, no counts
P1: fork P2
P2: read L[0] == 7
P2: read L[1] == 0
# get_user_pages(): VM_IO|VM_PFNMAP -> -EFAULT
P1: gup L[0] as G -> EFAULT
# madvise_dontneed(): VM_PFNMAP -> -EINVAL; MADV_DOFORK: VM_IO -> -EINVAL (f822566165dd)
P1: madvise L dontneed -> EINVAL
P1: madvise L dofork -> EINVAL
# the context switch: unmap_mapping_range(even_cows=1) zaps every PTE in both mms, no counts
spu: revoke
# refault: do_no_pfn() again, in P1 only
P1: read L[0] == 7

expect P1:L[0] pte=present
expect P2:L[0] pte=none
expect P2:L[1] pte=none
expect spu[0] value=7
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
expect no violations
