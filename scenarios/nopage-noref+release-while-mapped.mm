title "Driver bug: ->nopage without a ref, driver releases while mapped: Bad page state, then mapcount underflow BUG"
# Question: with the same buggy handler, the driver drops its reference while a process still maps the page.
# The count hits 0 with mapcount 1: free_pages_check -> bad_page (reports, resets count 0 / mapcount 0 /
# mapping NULL) and, the page not being reserved, frees it under the live pte. The later munmap's
# page_remove_rmap takes _mapcount from -1 to -2: "Eeek! page_mapcount(page) went negative!" and BUG().
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
device drv preset=ram-nopage fault=nopage-noref pages=1

P1: mmap A dev:drv pages=1 shared rw
# count 1 (driver's, now also "the pte's"), mapcount 1
P1: read A[0] == 0
# put_page: 1 -> 0 -> free_hot_cold_page -> free_pages_check: mapcount 1 -> bad_page -> bad-page-state;
# fixed up and freed while P1's pte still maps it -> freed-while-mapped
drv: release
# zap_pte_range: vm_normal_page returns the page -> page_remove_rmap: mapcount goes negative -> BUG()
# -> mapcount-underflow (this BUG is reported under that id, not as a separate kernel-bug); the run stops
P1: munmap A -> BUG

expect violation bad-page-state
expect violation freed-while-mapped
expect violation mapcount-underflow
