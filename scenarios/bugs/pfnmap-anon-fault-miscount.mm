title "An anonymous page faulted into a shared VM_PFNMAP VMA is invisible to vm_normal_page() (until x86 pte_special)"
# remap_pfn_range() has no vm_ops, so after a revoke zaps its PTEs a fault runs do_anonymous_page() and puts
# a counted anonymous page (or the zero page) into the shared VM_PFNMAP VMA.  Without a special PTE bit,
# vm_normal_page() decides by the VMA: in a non-COW VM_PFNMAP VMA every PTE is raw (6aab341e0a28), so zap
# never gives back the page's mapcount, rss and reference.  Found by the safety matrix; what closes it in
# the model is x86's pte_special (a0a8f5364a5a, v2.6.27), under which the anonymous PTE is not special.
# The kernel's own fix for anonymous pages in such VMAs came with 6b7339f4c31a (v4.2).
bug name=pfnmap-anon-fault-miscount
bug introduced=6aab341e0a28 fixed=a0a8f5364a5a buggy=2.6.26 fixed-in=2.6.27 invariant=mapcount-mismatch
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=a0a8f5364a5ad248aec6cb705e0092ff563edc2f
device pfn preset=remap-pfn memory=ram pages=1
explore procs=1 depth=4 ops=mmap,read,write,revoke,munmap shared=yes
