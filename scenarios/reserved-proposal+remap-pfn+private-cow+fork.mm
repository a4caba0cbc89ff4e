title "Reserved proposal breaks every private remap_pfn_range: COW pages become uncounted specials"
# Question: remap_pfn_range itself sets VM_RESERVED. Under the proposal vm_normal_page returns NULL for the
# COW anon pages of a private remap too (the vm_pgoff linear rule is bypassed), while do_wp_page still
# accounts them: fork copies their ptes without a reference, zap never unmaps them, and each COW leaks.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device io preset=remap-pfn pages=1

P1: mmap A dev:io pages=1 private rw
# do_wp_page NULL -> X 1/1 anon, anon_rss 1; vm_normal_page(X pte) NULL (VM_RESERVED) -> mapcount-mismatch,
# rss-mismatch
P1: write A[0] = 5
# VM_PFNMAP -> copied; COW: both ptes write-protected; NULL -> no get, no dup: X 1/1 behind two ptes
P1: fork P2
P2: read A[0] == 5
# child do_wp_page: NULL -> copy from the user address into Y 1/1, child anon_rss 1; X untouched
P2: write A[0] = 6
P1: read A[0] == 5
P2: read A[0] == 6
# zap: NULL for every pte -> X and Y keep mapcount 1; the shared anon_vma is freed with the last vma
# -> dangling-anon-vma; afterwards X and Y have count 1 and no owner -> refcount-leak
P1: exit
P2: exit
io: release

expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation dangling-anon-vma
expect violation refcount-leak
