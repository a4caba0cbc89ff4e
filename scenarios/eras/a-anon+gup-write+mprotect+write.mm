title "Write GUP reference, mprotect r then rw, write: no fork, yet 5.9's refcount rule copies away from the reference"
# Question: a process holds a FOLL_WRITE get_user_pages reference on its own, never-shared anon page.
# mprotect(PROT_READ) then mprotect(PROT_READ|PROT_WRITE) leaves the PTE read-only, so the next store
# is a write fault. <=5.8 reuses (mapcount 1); 5.9-5.18 (from 5.9-rc4) copies because page_count is 2 (09854ba94c6a),
# so the reference no longer sees the process's memory; 5.19+ reuses because the page is AnonExclusive
# (6c287605fd56) whatever its refcount.
era 5.9
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon pages=1 private rw
# do_anonymous_page() write: X 1/1, writable (5.19+: AnonExclusive)
P1: write A[0] = 1
# follow_page(FOLL_WRITE|FOLL_GET) on the writable PTE: get_page -> X 2/1
P1: gup A[0] write as H
# change_protection(): a private mapping's PTE is rebuilt from vm_page_prot, which is read-only for
# MAP_PRIVATE (PAGE_COPY) -> the PTE is read-only after both calls. (6.0+ may set it writable directly for
# an AnonExclusive page, can_change_pte_writable(); the store below then reaches X without a fault:
# same pages and values.)
P1: mprotect A r
P1: mprotect A rw
# do_wp_page() on X (page_count 2: PTE + H; mapcount 1):
#  <=5.8 reuse_swap_page()/can_share_swap_page(): mapcount 1 -> reuse in place.
#  5.9: page_count 2 != 1 -> copy into Y 1/1; X 1/0 kept by H only -> pin-incoherent (H was taken for write).
#  5.19+: PageAnonExclusive(X) -> reuse in place, no refcount test.
P1: write A[0] = 2
P1: readref H == 2 until 5.8 == 1 since 5.9-rc4 until 5.18 == 2 since 5.19
P1: read A[0] == 2

expect since 5.9-rc4 until 5.18 violation pin-incoherent
expect until 5.8 P1:A[0] count=2 mapcount=1 anon value=2
expect since 5.9-rc4 until 5.18 P1:A[0] count=1 mapcount=1 anon value=2
expect since 5.19 P1:A[0] count=2 mapcount=1 anon exclusive value=2
expect P1 rss file=0 anon=1
