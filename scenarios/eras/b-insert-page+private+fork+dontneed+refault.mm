title "vm_insert_page, MAP_PRIVATE: fork copies the driver pages, MADV_DONTNEED, then the refault is anonymous in every era"
# Question: a private mapping filled by vm_insert_page() at mmap time (no vm_ops at all). Does fork copy
# it with counts, is MADV_DONTNEED allowed, and what does the next touch map once the PTEs are gone?
# Fork copies VM_INSERTPAGE (<=3.6) / VM_MIXEDMAP (3.7+) VMAs; vm_ops == NULL sends every later fault to
# do_anonymous_page(), so the answer depends only on the zero-page rule of the era.
era 2.6.19
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)
device ins preset=insert-page pages=2

# vm_insert_page() -> insert_page(): get_page + page_add_file_rmap + file_rss, PTE with the private
# (read-only) vm_page_prot. Sets VM_INSERTPAGE (<=3.6) or VM_MIXEDMAP (3.7+, 4b6e1e37026e).
# ins[0], ins[1]: 2/1; P1 file_rss 2
P1: mmap A dev:ins private rw
P1: read A[0] == 0
# copy_page_range(): always copies VM_INSERTPAGE (2.6.19-3.6) and VM_MIXEDMAP (3.7+, 4b6e1e37026e) VMAs.
# vm_normal_page() returns the page in every era (not PFNMAP; 2.6.27+ the PTE is not special):
# get_page + page_dup_rmap + file_rss: ins[0], ins[1] 3/2, P2 file_rss 2
P1: fork P2
# madvise_dontneed(): only VM_LOCKED|VM_HUGETLB|VM_PFNMAP are refused -> zap: ins[*] 2/1, P1 file_rss 0
P1: madvise A dontneed
# handle_pte_fault(): vm_ops == NULL -> do_anonymous_page() in every era (6b7339f4c31a in 4.2 only
# refuses VM_SHARED). Read: <=2.6.23 ZERO_PAGE counted (get, page_add_file_rmap, file_rss);
# 2.6.24-2.6.31 a new anon page (557ed1fa2620); 2.6.32+ special zero PTE, no counts (a13ea5b75964)
P1: read A[0] == 0
# do_anonymous_page() write: new anon page, anon_rss + 1 (all eras)
P1: write A[1] = 7
# child COW of a driver page: do_wp_page(), non-anon page in a private VMA -> copy: new anon page;
# ins[0] loses P2's mapcount and reference: 1/0; P2 file_rss 1, anon_rss 1
P2: write A[0] = 9
# follow_page() on a normal PTE of a VM_INSERTPAGE / VM_MIXEDMAP VMA: get_page: ins[1] 3/1
# 5.8 only (17839856fd58, removed in 5.9-rc4): should_force_cow_break() takes the reference as a write in
# this COW mapping: do_wp_page() copies ins[1] (not anon) into a new anon page for P2, which R holds; ins[1]
# keeps only the driver's reference.
P2: gup A[1] as R
P2: readref R == 0

expect ins[0] count=1 mapcount=0 !anon !lru value=0
expect until 5.7 ins[1] count=3 mapcount=1 !anon !lru
expect since 5.8 until 5.8 ins[1] count=1 mapcount=0 !anon !lru
expect since 5.9-rc4 ins[1] count=3 mapcount=1 !anon !lru
expect P2:A[0] count=1 mapcount=1 anon value=9
expect until 5.7 P2 rss file=1 anon=1
expect since 5.8 until 5.8 P2 rss file=0 anon=2
expect since 5.9-rc4 P2 rss file=1 anon=1
expect P1:A[1] count=1 mapcount=1 anon value=7
expect until 2.6.23 P1:A[0] zero mapcount=1
expect since 2.6.24 until 2.6.31 P1:A[0] count=1 mapcount=1 anon value=0
expect since 2.6.32 P1:A[0] zero mapcount=0 pte=present
expect until 2.6.23 P1 rss file=1 anon=1
expect since 2.6.24 until 2.6.31 P1 rss file=0 anon=2
expect since 2.6.32 P1 rss file=0 anon=1
expect no violations
