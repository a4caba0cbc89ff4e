title "The "ironic get_user_pages race": reclaim plus a page_count-based COW test replace a GUP'd page"
# A write GUP reference (direct I/O) raises page_count; reclaim unmaps the page into the swap cache; the
# next write fault asks can_share_swap_page(), then page_count-based, which sees the GUP reference and
# copies: the I/O lands in a page the process no longer maps.  2.6.7 masked it with Andrea Arcangeli's
# back-off in try_to_unmap_one() (pages with raised counts are not unmapped); c475a8ab625d (v2.6.13, not
# 2.6.16: `git describe --contains` gives v2.6.13-rc1) replaced the back-off by a mapcount-based reuse
# test, as its message recounts.  The model's rules: WpReuseAnon PAGE_COUNT (do_wp_page(), do_swap_page())
# and ReclaimBackoff EXTRA_REF (mmspec/mm/vmscan.py try_to_unmap_one()).
# Trigger: mmap anon, write; gup write as H; reclaim; write: a copy, H no longer backs the address.
bug name=gup-reclaim-wrong-cow
bug introduced=unknown fixed=unknown buggy=2.6.6 fixed-in=2.6.7 invariant=pin-incoherent
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=c475a8ab625d567eacf5e30ec35d6d8704558062
swap pages=2
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: gup A[0] write as H
reclaim
P1: write A[0] = 2
