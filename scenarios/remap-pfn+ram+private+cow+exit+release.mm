title "remap_pfn_range over RAM, private: COW copy, fork, exit, driver release: balanced"
# Question: does a private remap of driver RAM stay balanced through COW, fork and exit, so that the
# driver's release frees its page cleanly? Raw ptes own nothing (linear rule), the COW anon page is a
# normal page (get+dup at fork, put at zap), and the driver page keeps count 1 until release.
# Across eras: balanced in every real era (2.6.27+: the raw ptes are special by their PTE bit, the COW
# copy is a normal PTE, a0a8f5364a5a).
era 2.6.19
# Not run under 2.6.19+reserved: remap_pfn_range sets VM_RESERVED, and the proposal makes the COW copy an
# uncounted special that leaks with a dangling anon_vma; reserved-proposal+remap-pfn+private-cow+fork.mm
# is that question.
eras 2.6.19..   # every real era from 2.6.19 on: a VERSION.. range never includes the hypothetical era
device drv preset=remap-pfn memory=ram pages=1

P1: mmap S dev:drv pages=1 shared rw
P1: write S[0] = 4
# vm_pgoff = pfn (COW)
P1: mmap A dev:drv pages=1 private rw
# raw linear pte
P1: read A[0] == 4
# do_wp_page NULL -> copy from user address into X 1/1, anon_rss 1
P1: write A[0] = 9
P1: read S[0] == 4
# X 2/2 (normal: COW vma, off the linear rule); raw ptes copied without counts
P1: fork P2
P2: read A[0] == 9
# X 1/1
P2: exit
# X freed
P1: exit
# driver put: drv[0] 1 -> 0, mapcount 0, not LRU, not reserved -> freed cleanly
drv: release

expect no violations
expect drv[0] count=0 mapcount=0
