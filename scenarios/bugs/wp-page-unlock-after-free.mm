title "do_wp_page() unlocked a page after dropping the PT lock: a racing zap could free it"
# The 5.9 reuse path dropped the PT lock before unlock_page(); MADV_DONTNEED in between freed the locked
# page.  be068f29034f (5.9-rc7) unlocks first.
bug name=wp-page-unlock-after-free
bug introduced=09854ba94c6a fixed=be068f29034f buggy=5.9-rc6 fixed-in=5.9-rc7 invariant=freed-while-mapped
bug pending=races,rc-releases
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=be068f29034f
