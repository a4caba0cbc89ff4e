title "pin_user_pages() on a read-faulted (zero page) buffer: the pin bias lands on ZERO_PAGE until 6.4"
# Question: an O_DIRECT write from a buffer that was only read pins ZERO_PAGE (FOLL_PIN, read). Does the
# pin add GUP_PIN_COUNTING_BIAS to the zero page's refcount? 5.9-6.4: follow_page_pte() returns the zero
# page for the zero pfn and try_grab_page() adds 1024 like for any page. 6.5 (c8070b787519 "mm: Don't pin
# ZERO_PAGE in pin_user_pages()", David Howells, 6.5-rc1) leaves the zero page unpinned and makes
# unpin_user_page() ignore it. Counts use the model's ZERO_PAGE base reference of 1 (invariants.md).
era 5.19

P1: mmap A anon pages=1 private rw
# do_anonymous_page() read: special zero PTE, no counts (a13ea5b75964); ZERO_PAGE count stays 1
P1: read A[0] == 0
# pin_user_pages(FOLL_PIN, read): vm_normal_page() NULL, zero pfn -> the zero page; not anon, so no
# unshare in 5.19+ (gup_must_unshare). try_grab_page(FOLL_PIN): 5.9-6.4 count += 1024; 6.5+ nothing.
# 5.8 only (17839856fd58, removed in 5.9-rc4): should_force_cow_break() makes the pin a write in this COW
# mapping: do_wp_page() copies the zero page into a new anon page (writable, anon_rss 1), which is pinned.
P1: gup A[0] pin as H
P1: readref H == 0

# the pin is a GUP reference: zero-page-counted does not fire in any era
expect since 5.9 until 6.4 P1:A[0] zero mapcount=0 count=1025
expect since 6.5 P1:A[0] zero mapcount=0 count=1
expect since 5.8 until 5.8 P1:A[0] anon !zero mapcount=1 count=1025
expect until 5.7 P1 rss file=0 anon=0
expect since 5.8 until 5.8 P1 rss file=0 anon=1
expect since 5.9-rc4 P1 rss file=0 anon=0
expect no violations
