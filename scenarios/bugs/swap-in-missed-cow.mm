title "CVE-2020-29374 through swap-in: do_swap_page() still reused by mapcount (5.9-5.17)"
# 09854ba94c6a fixed the missed COW in do_wp_page() only; a write fault on a swap PTE still asked
# reuse_swap_page() (mapcount + swap count) and mapped the swap-cache page writable although a GUP
# reference held it.  Fixed by c145e0b47c77 ("mm: streamline COW logic in do_swap_page()", v5.18-rc1, part
# of "mm: COW fixes part 1").
bug name=swap-in-missed-cow cve=CVE-2020-29374
bug introduced=09854ba94c6a fixed=c145e0b47c77 buggy=5.17 fixed-in=5.18 invariant=cow-broken
bug url=https://lore.kernel.org/r/20220126095557.32392-1-david@redhat.com
bug url=https://lore.kernel.org/r/3ae33b08-d9ef-f846-56fb-645e3b9b4c66@redhat.com
swap pages=4
P1: mmap A anon pages=1 private rw
P1: write A[0] = 1
P1: fork P2
reclaim
explore procs=2 depth=3 refs=1 ops=read,write,gup,munmap
