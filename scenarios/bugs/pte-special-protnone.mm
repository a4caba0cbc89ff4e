title "pte_special() false for PROT_NONE PTEs after _PAGE_NUMA reused the bit"
# x86's NUMA-hinting encoding made a special PTE under PROT_NONE fail pte_special(), so vm_normal_page()
# treated raw pfns as pages (trinity oopses on e820 holes).  b38af4721f59 (v3.16).
# Trigger: remap_pfn_range mapping; touch; mprotect none; munmap: zap looks up a struct page that does
# not exist.  The model's PTEs have no PROT_NONE encoding.
bug name=pte-special-protnone
bug introduced=c46a7c817e66 fixed=b38af4721f59 buggy=3.15 fixed-in=3.16
bug pending=protnone
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=b38af4721f59d0b564468f623b3e52a638195015
