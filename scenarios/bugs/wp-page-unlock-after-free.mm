title "do_wp_page() unlocked a page after dropping the PT lock: a racing MADV_DONTNEED freed it while locked"
# 09854ba94c6a ("mm: do_wp_page() simplification", 5.9-rc4) made the anon reuse of a write fault test
# page_count() == 1 under trylock_page(), then call wp_page_reuse() (the PTE made writable, the page-table
# lock dropped) and only then unlock_page().  Past pte_unmap_unlock() the fault holds no reference: the PTE
# was its only claim on the page.  Another thread of the mm, under mmap_lock for read like the fault, zaps
# the PTE with MADV_DONTNEED and frees the page while PG_locked is set: free_pages_check() finds PG_locked
# (PAGE_FLAGS_CHECK_AT_FREE) and prints "Bad page state"; the fault then unlocks the freed page.  LTP's
# dirtyc0w_child hit it (most often on s390).  be068f29034f ("mm: fix misplaced unlock_page in
# do_wp_page()", 5.9-rc7) unlocks before wp_page_reuse(), as do_wp_page() always had.
# Step by step with what each step leaves: scenarios/races/anon+fork+thread+write+dontneed-wp-unlock.mm.
bug name=wp-page-unlock-after-free
bug introduced=09854ba94c6a fixed=be068f29034f buggy=5.9-rc6 fixed-in=5.9-rc7 invariant=bad-page-state
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=be068f29034f

P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
# fork write-protects P1's PTE; the child's exit leaves the page with page_count 1 and mapcount 1, mapped
# read-only: P1's next store takes do_wp_page()'s reuse path.
P1: fork P2
P2: exit
P1: thread T2
P1: write A[0] = 2 until reuse
P1/T2: madvise A dontneed
P1: resume
P1: read A[0] == 2
