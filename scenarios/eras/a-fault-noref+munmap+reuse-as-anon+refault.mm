title "->fault without a reference: the driver page is freed, reused as an AnonExclusive anon page, and mapped again by the driver"
# Question: a driver's ->fault returns its page without get_page() (a driver bug). What does the first
# unmap do, and what happens when the freed frame comes back as the process's anon page and the driver
# maps it once more? In every ->fault era (2.6.23+) the unmap frees a page the driver still owns; the
# allocator hands the frame to the next anon fault; the driver then maps an anon page through a file
# rmap. 5.19+ also sees an AnonExclusive page mapped twice (anon-exclusive-broken).
era 5.19
device d fault=fault-noref memory=ram pages=1

P1: mmap S dev:d shared rw
# __do_fault(): ->fault returns D (count 1, the driver's) and no reference of its own; the mapping
# "consumes" the missing reference: page_add_file_rmap -> mapcount 1, file_rss 1, count still 1
P1: read S[0] == 0
# zap_pte_range(): file_rss 0, page_remove_rmap -> mapcount 0, put_page after the TLB flush -> count 0:
# D is freed while the driver (unreleased) still holds it -> freed-while-mapped
P1: munmap S
P1: mmap A anon private rw
# do_anonymous_page() write: the most recently freed frame is D: anon, mapcount 1, count 1, on the LRU,
# anon_rss 1 (5.19+: RMAP_EXCLUSIVE). A driver-owned frame on the LRU -> special-page-reclaimed (state form)
P1: write A[0] = 5
P1: mmap S dev:d shared rw
# ->fault returns D again, still without a reference: page_add_file_rmap on an anon page: mapcount 2,
# count 1, file_rss 1. The file rmap on a PageAnon page makes P1's counters disagree with its PTEs
# (file_rss 1 anon_rss 1 vs two anon PTEs) -> rss-mismatch. 5.19+: AnonExclusive and mapped twice ->
# anon-exclusive-broken.
P1: read S[0] == 5

expect violation freed-while-mapped
expect violation special-page-reclaimed
expect violation rss-mismatch
expect since 5.19 violation anon-exclusive-broken
expect d[0] count=1 mapcount=2 anon lru value=5
expect P1:A[0] count=1 mapcount=2 anon
expect since 5.19 d[0] exclusive
expect P1 rss file=1 anon=1
