title "Reclaim never touches SPE pages, nopage driver pages, inserted pages or ZERO_PAGE"
# Question: can reclaim unmap or free pages that a driver mapped? Reclaim only scans the LRU lists;
# do_no_page never LRU-adds a ->nopage page, vm_insert_page does not either, ZERO_PAGE is not on the
# LRU. Only the ordinary anonymous page is swapped out (section 9.4 of the reference).
# Across eras (the ->nopage devices limit it to 2.6.19-2.6.25): the driver pages are never reclaimed. In
# 2.6.24-2.6.25 there is no ZERO_PAGE (557ed1fa2620 "remove ZERO_PAGE"): the read of Z allocates an
# ordinary LRU anon page, which reclaim swaps out like A.
era 2.6.19
swap pages=8
device spu preset=spufs pages=1
device drv preset=ram-nopage pages=1
device ins preset=insert-page pages=1

P1: mmap S dev:spu pages=1 shared rw
# spu[0] 2/1
P1: write S[0] = 1
P1: mmap D dev:drv pages=1 shared rw
# drv[0] 2/1
P1: write D[0] = 2
# vm_insert_page: ins[0] 2/1
P1: mmap I dev:ins pages=1 shared rw
P1: mmap Z anon pages=1 private rw
# ZERO_PAGE mapcount 1 (2.6.24+: a zeroed anon page 1/1 on the LRU, dirty pte, anon_rss 1)
P1: read Z[0] == 0
P1: mmap A anon pages=1 private rw
# anon page 1/1 on the LRU
P1: write A[0] = 3
# only the anon page is on the LRU: swapped out, anon_rss 0 (2.6.24+: Z's anon page too)
reclaim
P1: read S[0] == 1
P1: read D[0] == 2
P1: read I[0] == 0

expect spu[0] count=2 mapcount=1
expect drv[0] count=2 mapcount=1
expect ins[0] count=2 mapcount=1
expect P1:S[0] pte=present
expect P1:D[0] pte=present
expect P1:I[0] pte=present
expect until 2.6.23 P1:Z[0] mapcount=1 zero
expect until 2.6.23 P1 rss file=4 anon=0
# 2.6.24-2.6.25: no ZERO_PAGE; Z's page is an anon LRU page and is swapped out too (557ed1fa2620)
expect since 2.6.24 P1:Z[0] pte=swap
expect since 2.6.24 P1 rss file=3 anon=0
expect P1:A[0] pte=swap
