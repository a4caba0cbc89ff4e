title "fork skipped the PTEs vm_insert_page() installed: the child saw zeroes"
# copy_page_range() skips a VMA without anon_vma unless it cannot be refaulted; vm_insert_page() VMAs
# have no fault handler, so the child got empty PTEs and an anonymous page on its first touch (the
# driver's page was not there).  Linus' "Make sure we copy pages inserted with vm_insert_page() on fork"
# (4d7672b46244, 2.6.15-rc6) added VM_INSERTPAGE.  The invariant is the child's view (FORK-VIEW), which
# the model checks with read values, not with an invariant id.
# Trigger: device preset=insert-page; mmap shared; write 7; fork; child read == 7 (bug: 0).
bug name=vm-insert-page-fork-view
bug introduced=unknown fixed=4d7672b46244 buggy=2.6.15-rc5 fixed-in=2.6.15-rc6
bug pending=pre-2.6.19,rc-releases
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4d7672b46244abffea1953e55688c0ea143dd617
bug url=https://lore.kernel.org/r/alpine.LSU.2.11.2103181828300.3440@eggly.anvils
