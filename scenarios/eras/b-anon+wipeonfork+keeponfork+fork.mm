title "MADV_WIPEONFORK / MADV_KEEPONFORK on private anonymous memory: EINVAL before 4.14, an empty child VMA after"
# Question: what does the child of a fork see in a private anonymous mapping marked MADV_WIPEONFORK, and
# does MADV_KEEPONFORK undo it? Before 4.14 both advices are unknown: -EINVAL, and fork copies as usual.
# From 4.14 (d2cd9ede6e19) dup_mmap() gives the child the VMA with no anon_vma
# and no copy_page_range(): it reads zeros; MADV_KEEPONFORK clears the flag for the next fork.
era 5.9
eras 2.6.19..    # derived from the rules of 2.6.19 and later; the releases before run other rules (docs/eras.md)

P1: mmap A anon private rw pages=2
# do_anonymous_page() write: anon X 1/1, anon_rss 1
P1: write A[0] = 5
# read: <=2.6.23 ZERO_PAGE counted (file_rss 1); 2.6.24-2.6.31 anon page 1/1; 2.6.32+ special zero PTE
P1: read A[1] == 0
# madvise_behavior_valid(): unknown advice before 4.14 -> -EINVAL; 4.14+: anonymous private -> VM_WIPEONFORK
P1: madvise A wipeonfork -> EINVAL until 4.13
# dup_mmap(): <=4.13 copy_page_range() (anon_vma present): X 2/2, A[1] as its era maps it
#   (<=2.6.23 zero page get + dup + file_rss; 2.6.24-2.6.31 shared anon 2/2; 2.6.32+ verbatim special);
# 4.14+: VM_WIPEONFORK -> tmp->anon_vma = NULL, no copy_page_range(): the child starts empty
P1: fork P2
# the child: <=4.13 its copies; 4.14+ do_anonymous_page() reads -> special zero PTEs
P2: read A[0] == 5 until 4.13 == 0 since 4.14
P2: read A[1] == 0
# MADV_KEEPONFORK: -EINVAL before 4.14; 4.14+ clears VM_WIPEONFORK (no check on this VMA)
P1: madvise A keeponfork -> EINVAL until 4.13
# a plain copy in every era: X +1 (3/3 <=4.13, 2/2 from 4.14)
P1: fork P3
P3: read A[0] == 5

expect until 4.13 P1:A[0] anon count=3 mapcount=3 value=5
expect since 4.14 P1:A[0] anon count=2 mapcount=2 value=5
expect since 4.14 P2:A[0] zero mapcount=0
expect until 2.6.23 P2 rss file=1 anon=1
expect since 2.6.24 until 2.6.31 P2 rss file=0 anon=2
expect since 2.6.32 until 4.13 P2 rss file=0 anon=1
expect since 4.14 P2 rss file=0 anon=0
expect until 2.6.23 P3 rss file=1 anon=1
expect since 2.6.24 until 2.6.31 P3 rss file=0 anon=2
expect since 2.6.32 P3 rss file=0 anon=1
expect no violations
