title "Pinned page-cache page in a MAP_PRIVATE file mapping at fork: 5.9 copies it for the child, 5.19 shares it"
# Question: 5.9's early COW at fork tests any normal page of a COW VMA for page_maybe_dma_pinned(), not
# only anon pages (copy_present_page(), reference section 10, seen in 5.15). 5.19+ tests only AnonExclusive
# anon folios (page_try_dup_anon_rmap(), fb3d824d1a46) and dups file pages whatever their pins. Visible
# effect: after a write to the file through a shared mapping, the 5.9 child still reads its private
# snapshot, while the 5.19 child (which never wrote) sees the file's new data, as MAP_PRIVATE promises.
# The file runs from 5.9-rc7 (70e806e4e645), the first release with the early COW at fork; before it
# (5.7-5.9-rc4) fork shares pinned pages, the bug that scenarios/bugs/pin-fork-wrong-cow.mm finds.
era 5.9
eras 5.9-rc7..
file f pages=2

P1: mmap F file:f private rw
# filemap fault, read: page-cache page C mapped read-only: C count 2 (cache + PTE), mapcount 1, file_rss 1
P1: read F[0] == 0
# private write fault on page 1: anon_vma_prepare + early COW copy into anon page A1 1/1, anon_rss 1;
# the VMA now has an anon_vma, so fork will copy its PTEs (vma_needs_copy / copy_page_range)
P1: write F[1] = 4
# pin_user_pages(FOLL_PIN, read, not FOLL_LONGTERM) of a non-anon page: no unshare in 5.19+ (gup_must_unshare
# only concerns anon pages here); C count 2 + 1024 = 1026; has_pinned set
P1: gup F[0] pin as H
# copy_present_pte():
#  F[0]: 5.9 (70e806e4e645): COW vma + has_pinned + page_maybe_dma_pinned(C) -> child gets an anon copy N
#    1/1 (data 0), writable+dirty; C unchanged 1026/1; child anon_rss 1.
#    5.19: non-anon -> page_dup_file_rmap(), pins ignored: C 1027/2, child file_rss 1.
#  F[1]: A1 not pinned -> get + dup rmap: 2/2 (5.19 clears AnonExclusive); child anon_rss +1.
P1: fork P2
# a shared mapping of the same file: write fault maps C itself (page cache), C +1 count, +1 mapcount,
# P1 file_rss +1; the value goes into C
P1: mmap G file:f shared rw
P1: write G[0] = 9
# P1's private F[0] still maps C (never written): it sees the file's new data in every era
P1: read F[0] == 9
# the child: 5.9 reads its early copy N (0); 5.19+ maps C and reads 9
P2: read F[0] == 0 until 5.18 == 9 since 5.19
P2: read F[1] == 4
P1: readref H == 9

# 5.9-5.18: C = cache + P1's F PTE + P1's G PTE + pin
expect until 5.18 file:f[0] count=1027 mapcount=2 !anon value=9
expect until 5.18 P2:F[0] count=1 mapcount=1 anon value=0
expect until 5.18 P2 rss file=0 anon=2
# 5.19+: C is also mapped by the child
expect since 5.19 file:f[0] count=1028 mapcount=3 !anon value=9
expect since 5.19 P2:F[0] count=1028 mapcount=3 !anon value=9
expect since 5.19 P2 rss file=1 anon=1
expect P2:F[1] count=2 mapcount=2 anon value=4
expect P1 rss file=2 anon=1
expect no violations
