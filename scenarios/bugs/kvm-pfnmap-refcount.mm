title "KVM takes references on valid but uncounted pages of VM_IO/VM_PFNMAP VMAs"
# KVM resolved PFNMAP guest memory with follow_pfn() and took get_page() on any pfn_valid() pfn, including
# the count-0 tail pages of a non-compound driver allocation; its put freed them.  f8be156be163 (v5.13).
bug name=kvm-pfnmap-refcount cve=CVE-2021-22543
bug introduced=add6a0cd1c5b fixed=f8be156be163 buggy=5.12 fixed-in=5.13 invariant=freed-while-mapped
bug pending=kvm,compound
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=f8be156be163a052a067306417cd0ff679068c97
bug url=https://lkml.iu.edu/hypermail/linux/kernel/2106.3/00664.html
