title "ram-nopage shared: driver pages counted 1 + one per pte; fork refaults; gup allowed without VM_IO"
# Question: how are driver-allocated normal pages served by ->nopage into a shared vma counted, across
# fork and get_user_pages? do_no_page takes the handler's reference for the pte; the shared vma is not
# copied at fork; with no VM_IO/VM_PFNMAP, get_user_pages follows the pte and takes a reference.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
device drv preset=ram-nopage pages=2

P1: mmap A dev:drv pages=2 shared rw
# do_no_page write shared: nopage get: drv[0] 1 -> 2, mapcount 1, file_rss 1 (dirty_page get/put nets 0)
P1: write A[0] = 5
# copy_page_range skip rule: not copied
P1: fork P2
# child refault: drv[0] 3/2
P2: read A[0] == 5
# drv[1] 2/1
P2: write A[1] = 6
# drv[1] 3/2
P1: read A[1] == 6
# zap: drv[0] 2/1, drv[1] 2/1
P2: exit
# get_user_pages: no VM_IO|VM_PFNMAP -> follow_page: vm_normal_page returns drv[0]; FOLL_GET: 3/1
P1: gup A[0] as H
P1: readref H == 5

expect drv[0] count=3 mapcount=1 !anon !lru !reserved
expect drv[1] count=2 mapcount=1
expect P1 rss file=2 anon=0
