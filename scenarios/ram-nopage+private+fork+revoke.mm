title "ram-nopage private: revoke with even_cows=1 also zaps the private COW copies"
# Question: does unmap_mapping_range(even_cows=1) spare private anon copies in a device vma? No: with
# even_cows=1 details.check_mapping is NULL and unmap_page_range collapses details to NULL (full zap),
# so anon COW pages are zapped and freed; the next touch refaults the device page via ->nopage.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
device drv preset=ram-nopage pages=1

P1: mmap A dev:drv pages=1 private rw
# early COW in do_no_page: anon X 1/1; drv[0] stays 1/0
P1: write A[0] = 5
# anon_vma -> copied: X 2/2
P1: fork P2
P2: read A[0] == 5
# full zap in both processes: X 0 -> freed; ptes none; anon_rss 0
drv: revoke
# private data is gone: do_no_page read maps the device page: drv[0] 2/1
P1: read A[0] == 0
# drv[0] 3/2
P2: read A[0] == 0

expect drv[0] count=3 mapcount=2
expect P1:A[0] count=3 mapcount=2 !anon
expect P1 rss file=1 anon=0
expect P2 rss file=1 anon=0
