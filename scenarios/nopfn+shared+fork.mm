title "->nopfn device: raw ptes installed at fault with no counts; private refused; fork copies; gup EFAULT"
# Question: how does do_no_pfn (new in 2.6.19) account its ptes? It installs pfn_pte with no refcount,
# mapcount or rss; the vma is VM_PFNMAP so vm_normal_page returns NULL, fork copies the ptes without
# counts, get_user_pages refuses (VM_IO|VM_PFNMAP) and MADV_DONTNEED is refused (VM_PFNMAP).
# Across eras: ->nopfn exists until 2.6.26 (0d71d10a4252); the same in all of them (this handler returns a
# pfn; 2.6.21's NOPFN_REFAULT, 22cd25ed31bb, is not used).
era 2.6.19
device d preset=nopfn pages=2

# preset private=einval: the driver's ->mmap refuses MAP_PRIVATE
P1: mmap A dev:d pages=2 private rw -> EINVAL
P1: mmap B dev:d pages=2 shared rw
# do_no_pfn: raw pte, nothing counted
P1: write B[0] = 8
# copy_page_range copies VM_PFNMAP: B[0] copied, no counts; B[1] is none in P1 so none in P2
P1: fork P2
P2: read B[0] == 8
# do_no_pfn in the child only
P2: read B[1] == 0
P1: gup B[0] as H -> EFAULT
P1: madvise B dontneed -> EINVAL

expect P1:B[0] pte=present
expect P1:B[1] pte=none
expect P2:B[0] pte=present
expect P2:B[1] pte=present
expect P1 rss file=0 anon=0
expect P2 rss file=0 anon=0
