title "ram-nopage shared: after every unmap the driver's release frees the page cleanly"
# Question: with a correct ->nopage (page_cache_get), does the driver's final put free the page without a
# Bad page state? After all ptes are zapped the count is the driver's 1; put_page -> 0 -> free_hot_cold_page:
# mapcount 0, mapping NULL, not on the LRU, not reserved -> free_pages_check passes (PG_dirty is cleared).
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); balanced in all of them.
era 2.6.19
device drv preset=ram-nopage pages=1

P1: mmap A dev:drv pages=1 shared rw
# 2/1
P1: write A[0] = 3
P1: fork P2
# 3/2
P2: read A[0] == 3
# 2/1
P1: exit
# 1/0
P2: munmap A
P2: exit
# put_page: 1 -> 0, freed
drv: release

expect no violations
expect drv[0] count=0 mapcount=0
