title "Stock 2.6.19: get_user_pages() on a VM_RESERVED ->nopage VMA returns the page"
# The minimal pair of reserved-proposal+ram-nopage-reserved+gup-livelock: vm_normal_page() ignores
# VM_RESERVED, so follow_page() finds the page do_no_page() installed and takes a reference (FOLL_GET).
# Across eras: the ->nopage device limits it to 2.6.19-2.6.25; get_user_pages returns the page in all of them.
era 2.6.19
# Not run under 2.6.19+reserved: there the gup livelocks (and H is never held), which is the question of
# reserved-proposal+ram-nopage-reserved+gup-livelock.mm.
eras 2.6.19..   # every real era from 2.6.19 on: a VERSION.. range never includes the hypothetical era
device buf fault=nopage memory=ram flags=VM_RESERVED pages=1

P1: mmap A dev:buf pages=1 shared rw
P1: write A[0] = 4
P1: gup A[0] as H
P1: readref H == 4
P1: putref H
P1: exit
buf: release
# after release only the page's last reference went: it is freed
expect buf[0] free
