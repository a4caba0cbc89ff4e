title "fork skipped the PTEs vm_insert_page() installed: the child saw zeroes"
# copy_page_range() skips a VMA without anon_vma unless it cannot be refaulted; vm_insert_page() VMAs
# have no fault handler, so the child got empty PTEs and an anonymous page on its first touch (the
# driver's page was not there).  Linus' "Make sure we copy pages inserted with vm_insert_page() on fork"
# (4d7672b46244, 2.6.15-rc6) added VM_INSERTPAGE.  The invariant is the child's view (FORK-VIEW), which
# the model checks with read values, not with an invariant id.  The invariant the zoo judges by is its
# consequence: the child's refault goes to do_anonymous_page(), which maps ZERO_PAGE (writable, as
# vm_page_prot of a shared writable VMA is), so the child's next store hits ZERO_PAGE (cow-broken).  In
# 2.6.15-rc6 fork copies the VM_INSERTPAGE VMA and the child reads 7 and writes the driver's page.
# The model's rules: InsertPageFlag NO_FLAG/INSERTPAGE and ForkCopy LAZY (mmspec/mm/memory.py fork_copies()).
# Trigger: device preset=insert-page; mmap shared; write 7; fork; child read == 7 (bug: 0); child write.
bug name=vm-insert-page-fork-view
bug introduced=a145dd411eb2 fixed=4d7672b46244 buggy=2.6.15-rc5 fixed-in=2.6.15-rc6 invariant=cow-broken
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4d7672b46244abffea1953e55688c0ea143dd617
bug url=https://lore.kernel.org/r/alpine.LSU.2.11.2103181828300.3440@eggly.anvils
device drv preset=insert-page pages=1
P1: mmap A dev:drv pages=1 shared rw
P1: write A[0] = 7
P1: fork P2
P2: read A[0] == 0 until 2.6.15-rc5 == 7 since 2.6.15-rc6
P2: write A[0] = 8
