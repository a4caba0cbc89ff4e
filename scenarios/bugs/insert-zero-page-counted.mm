title "vm_insert_page() of the shared zero page counts it like a normal page (until 6.11)"
# From 2.6.32 the zero page is a special PTE that owns no reference or mapcount (a13ea5b75964), but
# vm_insert_page() still inserted it like any page: a reference, a mapcount and file rss on the shared zero
# page.  fce831c92092 ("mm/memory: cleanly support zeropage in vm_insert_page*(), vm_map_pages*() and
# vmf_insert_mixed()", v6.11) maps it as a special PTE.
bug name=insert-zero-page-counted
bug introduced=a13ea5b75964 fixed=fce831c92092 buggy=6.10 fixed-in=6.11 invariant=zero-page-counted
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=fce831c92092
device z preset=insert-page memory=zero pages=1
explore procs=1 depth=1 ops=mmap
