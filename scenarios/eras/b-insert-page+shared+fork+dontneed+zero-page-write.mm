title "vm_insert_page, MAP_SHARED, after MADV_DONTNEED: a read then a write reaches ZERO_PAGE (<=2.6.23, 2.6.32-4.1), a private page (2.6.24-2.6.31) or SIGBUS (4.2+)"
# Question: a shared mapping filled by vm_insert_page() has no vm_ops. Once MADV_DONTNEED empties it, where
# do a read and then a write go? do_anonymous_page() maps the zero page with the shared, writable
# vm_page_prot, so the store lands in the zero page (CVE-2015-3288), except 2.6.24-2.6.31 (no zero page).
# Since 4.2 (6b7339f4c31a, era 5.9+) do_anonymous_page() refuses VM_SHARED: SIGBUS.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device ins preset=insert-page pages=1

# vm_insert_page(): ins[0] 2/1, P1 file_rss 1; the PTE is writable (shared rw, no writenotify for
# VM_INSERTPAGE), so the store goes straight to the driver page
P1: mmap A dev:ins shared rw
P1: write A[0] = 3
# copy_page_range(): VM_INSERTPAGE (<=3.6) / VM_MIXEDMAP (3.7+, 4b6e1e37026e) -> copied: ins[0] 3/2, P2 file_rss 1
P1: fork P2
# madvise_dontneed() allowed (not VM_PFNMAP): zap P1's PTE: ins[0] 2/1, P1 file_rss 0
P1: madvise A dontneed
P2: read A[0] == 3
# do_anonymous_page() read in a shared VMA, PTE from vm_page_prot (writable):
#   <=2.6.23: ZERO_PAGE, get + page_add_file_rmap + file_rss (zero mapcount 1)
#   2.6.24-2.6.31: a new anon page (557ed1fa2620), anon_rss 1
#   2.6.32-4.1: special zero PTE (a13ea5b75964), no counts
#   4.2+ (6b7339f4c31a, era 5.9+): "File mapping without ->vm_ops": VM_SHARED -> VM_FAULT_SIGBUS
P1: read A[0] == 0 until 4.1 -> SIGBUS since 4.2
# the PTE is present and writable: the store lands in ZERO_PAGE (<=2.6.23, 2.6.32-4.1) or in P1's
# own anon page (2.6.24-2.6.31); 4.2+ SIGBUS again
P1: write A[0] = 5 -> SIGBUS since 4.2
# a fresh private anonymous read fault maps the zero page (<=2.6.23: zero mapcount 2, file_rss 2;
# 2.6.32+: special) and sees the corrupted 5; 2.6.24-2.6.31 allocates (0); 4.2+ the zero page is clean
P1: mmap B anon private rw
P1: read B[0] == 5 until 2.6.23 == 0 since 2.6.24 until 2.6.31 == 5 since 2.6.32 until 4.1 == 0 since 4.2

expect ins[0] count=2 mapcount=1 value=3
expect P2 rss file=1 anon=0
expect until 2.6.23 violation cow-broken
expect since 2.6.32 until 4.1 violation cow-broken
expect until 2.6.23 P1:A[0] zero mapcount=2 value=5
expect since 2.6.24 until 2.6.31 P1:A[0] anon count=1 mapcount=1 value=5
expect since 2.6.32 until 4.1 P1:A[0] zero mapcount=0 value=5
expect since 4.2 P1:A[0] pte=none
expect since 2.6.24 until 2.6.31 P1:B[0] anon count=1 mapcount=1 value=0
expect since 4.2 P1:B[0] zero value=0
expect until 2.6.23 P1 rss file=2 anon=0
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.32 P1 rss file=0 anon=0
