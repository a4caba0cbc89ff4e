title "ZERO_PAGE reference leak on COW from a PG_reserved page"
# put_page() ignored PG_reserved pages while get_page() counted them; do_wp_page() took a reference on
# the old page before copying and dropped it after, so every COW away from the (reserved) ZERO_PAGE
# leaked one reference (Dave Hansen, "fix page->count discrepancy for zero page", June 2004, against
# 2.6.7; merged about 2.6.8; no git commit, the history starts at 2.6.12).
# Trigger: mmap anon private rw; read (maps ZERO_PAGE); write (COW): ZERO_PAGE count +1, forever.
bug name=zero-page-cow-leak
bug introduced=unknown fixed=unknown buggy=2.6.7 fixed-in=2.6.8
bug pending=pre-2.6.19
bug url=https://lore.kernel.org/r/1088460353.5471.406.camel@nighthawk
