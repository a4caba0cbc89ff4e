title "->nopfn driver that allows MAP_PRIVATE: the first fault hits BUG_ON(is_cow_mapping) in do_no_pfn"
# Question: what if a nopfn driver forgets to refuse private mappings? do_no_pfn (mm/memory.c) has
# BUG_ON(is_cow_mapping(vma->vm_flags)); a private mapping has VM_MAYWRITE without VM_SHARED, so the
# first fault oopses. The run stops there.
# Across eras: ->nopfn exists until 2.6.26 (0d71d10a4252); do_no_pfn keeps BUG_ON(is_cow_mapping)
# throughout.
era 2.6.19
device d preset=nopfn pages=1 private=allowed

# the driver's ->mmap accepts it (sets VM_IO|VM_RESERVED|VM_PFNMAP, no ptes)
P1: mmap A dev:d pages=1 private rw
# handle_pte_fault: pte_none, vm_ops->nopfn -> do_no_pfn -> BUG_ON(is_cow_mapping)
P1: read A[0] -> BUG
# not run: the kernel has oopsed
P1: exit

expect violation kernel-bug
