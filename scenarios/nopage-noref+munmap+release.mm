title "Driver bug: ->nopage without page_cache_get; munmap frees the driver's page, release underflows"
# Question: what happens when a nopage handler forgets page_cache_get? do_no_page gives "the handler's
# reference" to the pte, but that reference is the driver's own. zap then drops it: count 0, the page is
# freed while the driver still owns (and may still map) it; the driver's own put then goes below zero.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same bug and the same violations in
# 2.6.21-2.6.25 (legacy ->nopage path from 2.6.23).
era 2.6.19
device drv preset=ram-nopage fault=nopage-noref pages=1

P1: mmap A dev:drv pages=1 shared rw
# no get: drv[0] count stays 1 (the driver's), mapcount 1, file_rss 1
P1: read A[0] == 0
# zap: page_remove_rmap (mapcount 0), put after the mmu_gather flush: count 0 -> free_hot_cold_page;
# free_pages_check passes (unmapped, mapping NULL, not LRU, not reserved): freed under the driver
# -> freed-while-mapped
P1: munmap A
# driver put_page on a freed page: put_page_testzero 0 -> -1 (no free) -> refcount-underflow
drv: release

expect violation freed-while-mapped
expect violation refcount-underflow
expect drv[0] count=-1 mapcount=0
