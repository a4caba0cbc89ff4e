title "2.6.15-rc1: a read fault in a VM_RESERVED VMA maps the counted ZERO_PAGE, which zap never gives back"
# b5810039a54e (2.6.15-rc1) made the ZERO_PAGE refcounted and rmapped and made zap_pte_range() leave
# every PTE of a VM_RESERVED VMA alone ("never touch").  An empty PTE in a VM_RESERVED VMA without a fault
# handler still went to do_anonymous_page(), whose read fault took a reference on the ZERO_PAGE and added
# its mapcount and file_rss: munmap then cleared the PTE and dropped neither.  Hugh Dickins' "[PATCH]
# unpaged: ZERO_PAGE in VM_UNPAGED" (f57e88a8d83d, 2.6.15-rc3: "let's not insert the ZERO_PAGE there")
# and Linus' 6aab341e0a28 of the same release, whose vm_normal_page() no longer looks at VM_RESERVED, end
# it.  The model's rules: ZeroPage REFCOUNTED and SpecialRule VMA_RESERVED in rc1 and rc2
# (mmspec/mm/memory.py special_pte_reason(), do_anonymous_page()); read in the b5810039a54e diff.
# Trigger: a driver VMA with VM_RESERVED and no vm_ops; read; munmap: the ZERO_PAGE keeps a mapcount.
bug name=zero-page-in-vm-reserved-leak
bug introduced=b5810039a54e fixed=f57e88a8d83d buggy=2.6.15-rc2 fixed-in=2.6.15-rc3 invariant=mapcount-mismatch
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=f57e88a8d83de8d844b57e16b84d2f762fe9f092
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=b5810039a54e5babf428e9a1e89fc1940fabff11
device drv fault=none memory=ram flags=VM_RESERVED pages=1
P1: mmap A dev:drv pages=1 shared rw
P1: read A[0] == 0
P1: munmap A
