title "struct page refcount overflow through GUP and pipe duplication"
# GUP and pipe buffers took page references without bound; 2^32 of them wrap the count and a later put
# frees a mapped page.  The "page-refs" merge (6b3a70773630, v5.1-rc5) adds try_get_page().
bug name=page-refcount-overflow cve=CVE-2019-11487
bug introduced=unknown fixed=6b3a70773630 buggy=5.0 fixed-in=5.1 invariant=freed-while-mapped
bug pending=counter-width
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=6b3a707736301c2128ca85ce85fb13f60b5e350a
bug url=https://nvd.nist.gov/vuln/detail/CVE-2019-11487
