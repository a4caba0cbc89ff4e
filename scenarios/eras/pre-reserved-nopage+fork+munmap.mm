title "A ->nopage driver of PG_reserved pages in a VM_RESERVED VMA, 2.6.0 to 2.6.25: a reference per fault, kept until 2.6.15-rc3"
# Derived for every release from the kernel's rules (docs/research/era-commits.md, "Before 2.6.19"):
# 2.6.0-2.6.14: do_no_page() keeps the handler's reference but gives a PG_reserved page no rss and no
# mapcount; copy_one_pte() copies the PTE verbatim (no get); zap skips it: the references are never
# dropped (harmless for a reserved page, but a refcount-leak by the accounting rule).  2.6.15-rc1/rc2
# (b5810039a54e): the same through "VM_RESERVED = never touch".  2.6.15-rc3 (6aab341e0a28): the page is
# counted like any other; lazy fork no longer copies VM_RESERVED VMAs, so the child refaults.
# Not under 2.6.19+reserved, whose question is the rc1 rule's resemblance (docs/eras.md).
era 2.6.0
eras 2.6.0..2.6.25
device d fault=nopage memory=reserved flags=VM_RESERVED pages=1

P1: mmap A dev:d pages=1 shared rw
P1: read A[0] == 0
P1: fork P2
P2: read A[0] == 0
expect here until 2.6.15-rc2 d[0] count=2 mapcount=0
expect here since 2.6.15-rc3 d[0] count=3 mapcount=2
expect here until 2.6.15-rc2 P2 rss file=0 anon=0
expect here since 2.6.15-rc3 P2 rss file=1 anon=0
P1: munmap A
P2: munmap A
P1: exit
P2: exit
d: release

expect until 2.6.15-rc2 violation refcount-leak
expect until 2.6.15-rc2 d[0] count=2 mapcount=0 reserved
expect since 2.6.15-rc3 d[0] count=1 mapcount=0 reserved
