title "ram-nopage private: a write fault on an empty pte is an early COW in do_no_page"
# Question: what does a first write to a private mapping of a nopage driver do? do_no_page with
# write_access and !VM_SHARED: anon_vma_prepare, copy the nopage page into a new anon page, then
# page_cache_release the nopage page (back to the driver's 1). The device page is never mapped.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them (from 2.6.23 the
# early COW runs in __do_fault's legacy ->nopage path, 54cb8821de07).
era 2.6.19
device drv preset=ram-nopage pages=2

P1: mmap A dev:drv pages=2 private rw
# early COW: nopage get (drv[1] 1 -> 2), copy, release (2 -> 1); new anon page count 1, mapcount 1,
# lru_cache_add_active (on the LRU after the drain), page_add_new_anon_rmap, anon_rss 1
P1: write A[1] = 9
P1: read A[1] == 9
# the device page is unchanged: look at it through a shared mapping (do_no_page read: drv[1] 2/1, file_rss 1)
P1: mmap B dev:drv pages=2 shared rw
P1: read B[1] == 0

expect P1:A[1] count=1 mapcount=1 anon lru
expect drv[1] count=2 mapcount=1 !anon
expect drv[0] count=1 mapcount=0
expect P1:A[0] pte=none
expect P1 rss file=1 anon=1
