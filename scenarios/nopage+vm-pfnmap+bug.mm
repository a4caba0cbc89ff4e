title "A ->nopage driver that sets VM_PFNMAP: BUG_ON(VM_PFNMAP) in do_no_page"
# Question: can a vma be both VM_PFNMAP and served by ->nopage? No: do_no_page starts with
# BUG_ON(vma->vm_flags & VM_PFNMAP) (a PFNMAP pte would be treated as special by vm_normal_page while
# do_no_page counts it). The first fault oopses.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1 removes it in 2.6.26). In 2.6.23-2.6.25 the
# legacy ->nopage path runs in __do_fault, which starts with the same BUG_ON(VM_PFNMAP) (54cb8821de07).
era 2.6.19
device d fault=nopage memory=ram pages=1 flags=VM_IO|VM_PFNMAP private=einval

P1: mmap A dev:d pages=1 shared rw
# handle_pte_fault: pte_none, vm_ops->nopage -> do_no_page -> BUG_ON(VM_PFNMAP)
P1: read A[0] -> BUG

expect violation kernel-bug
