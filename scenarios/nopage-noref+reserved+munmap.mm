title "Driver bug on a reserved page: the count reaches 0, Bad page state, but PG_reserved pages are never freed"
# Question: the same forgotten page_cache_get on an SPE-like page (PG_reserved, base count 1). The munmap
# put takes the count to 0; free_pages_check finds PG_reserved -> bad_page, which does not clear
# PG_reserved, and free_hot_cold_page returns without freeing the page.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same in all of them.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device spu preset=spufs fault=nopage-noref pages=1

P1: mmap A dev:spu pages=1 shared rw
# no get: count 1 (the platform's base ref), mapcount 1, file_rss 1
P1: read A[0] == 0
# zap: page_remove_rmap (mapcount 0), put: count 0 -> free_pages_check: PG_reserved -> bad_page
# (count 0, mapcount 0, flags reset except reserved) -> not freed
P1: munmap A

expect violation bad-page-state
expect spu[0] count=0 mapcount=0 reserved
expect P1 rss file=0 anon=0
