title "A ->nopfn driver that forgets VM_PFNMAP: BUG_ON(!VM_PFNMAP) in do_no_pfn"
# Question: what if a nopfn driver's ->mmap does not set VM_PFNMAP? do_no_pfn begins with
# BUG_ON(!(vma->vm_flags & VM_PFNMAP)): without it vm_normal_page would treat the raw pfn as a normal
# page at fork/zap. The first fault oopses.
# Across eras: ->nopfn exists until 2.6.26 (0d71d10a4252 removes it in 2.6.27); do_no_pfn keeps its
# BUG_ON(!VM_PFNMAP) throughout.
era 2.6.19
device d fault=nopfn memory=io pages=1 flags=VM_IO private=einval

P1: mmap A dev:d pages=1 shared rw
# handle_pte_fault: no nopage, vm_ops->nopfn -> do_no_pfn -> BUG_ON(!VM_PFNMAP)
P1: write A[0] = 1 -> BUG

expect violation kernel-bug
