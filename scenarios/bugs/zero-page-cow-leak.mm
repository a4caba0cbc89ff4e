title "ZERO_PAGE reference leak on COW from a PG_reserved page"
# put_page() ignored PG_reserved pages while get_page() counted them; do_wp_page() took a reference on
# the old page before copying and dropped it after, so every COW away from the (reserved) ZERO_PAGE
# leaked one reference (Dave Hansen, "fix page->count discrepancy for zero page", June 2004, against
# 2.6.7; merged about 2.6.8; no git commit, the history starts at 2.6.12).
# Trigger: mmap anon private rw; read (maps ZERO_PAGE); write (COW): ZERO_PAGE count +1, forever.
bug name=zero-page-cow-leak
bug introduced=unknown fixed=unknown buggy=2.6.7 fixed-in=2.6.8 invariant=zero-page-counted
bug url=https://lore.kernel.org/r/1088460353.5471.406.camel@nighthawk
bug url=https://lore.kernel.org/r/Pine.LNX.4.58.0407111120010.1764@ppc970.osdl.org
# The model's rules: ZeroPage RESERVED (no reference on a read fault) and ZeroCowRef LEAK/SKIP
# (mmspec/mm/memory.py do_wp_page()); the second URL is Linus' 2.6.8-rc1 announcement, whose shortlog lists
# the fix.
P1: mmap A anon pages=1 private rw
P1: read A[0] == 0
P1: write A[0] = 1
