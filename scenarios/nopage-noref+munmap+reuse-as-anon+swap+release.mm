title "Driver bug to swap corruption: a ->nopage without a get frees a driver page that comes back as anon memory"
# The driver's ->nopage forgets page_cache_get(), so the PTE consumes the driver's only reference.
# munmap releases it and the page goes back to the allocator while the driver still thinks it owns it.
# The allocator hands the same frame out for P1's next anonymous page (the per-CPU hot list is LIFO),
# reclaim puts that anon page in the swap cache, and the driver's release then drops a reference it does
# not own.  When P1 unmaps, release_pages() frees a page that is still in the swap cache: bad_page()
# clears PG_swapcache, and swap_map keeps a count for a swap-cache page that no longer exists.
# Across eras: ->nopage exists until 2.6.25 (3c18ddd160d1); the same chain of violations in all of them.
era 2.6.19
device d fault=nopage-noref memory=ram pages=1
swap pages=8

P1: mmap A dev:d pages=1 shared rw
P1: read A[0] == 0          # do_no_page: the PTE takes the driver's reference (count 1, mapcount 1)
P1: munmap A                # zap: mapcount 0, put_page -> count 0 -> freed while the driver owns it
P1: mmap B anon pages=1 private rw
P1: write B[0] = 5          # do_anonymous_page: alloc_page() returns the same frame, now P1's anon page
# Reclaim, first pass: the PTE is young, so page_referenced() keeps the page active.  Later passes:
# add_to_swap (count 2, swap_map 1) -> try_to_unmap leaves a swap PTE (swap_map 2, count 1) ->
# pageout -> remove_mapping -> freed.  So the frame leaves the swap cache again; read it back:
reclaim
P1: read B[0] == 5          # do_swap_page: a new page in the swap cache, count 2 (PTE + cache), swap_map 1
d: release                  # the driver's put_page: on whatever page its frame holds now
P1: write B[0] = 6
P1: munmap B
P1: exit

# The first munmap freed the driver's page while the driver still owned it.
expect violation freed-while-mapped
# ... and a driver-owned frame ended up on the LRU as P1's anon page.
expect violation special-page-reclaimed
# The driver's stray put left the swap-cache page with count 1 for its PTE alone; the unmap frees it with
# PG_swapcache set: free_pages_check() -> bad_page(), which clears PG_swapcache ...
expect violation bad-page-state
# ... while swap_map still counts the swap cache's reference: slot 0 can never be freed.
expect violation swap-count-mismatch
