title "Dirty COW for shmem: UFFDIO_CONTINUE installs dirty read-only PTEs that pass the FOLL_COW check"
# After 9ae0f87d009c, UFFDIO_CONTINUE mapped shmem page-cache pages read-only but dirty; a racing
# FOLL_FORCE write took them for its COW copy.  5535be309971 (v6.0-rc2) admits FOLL_FORCE writes to
# read-only PTEs only for exclusive anonymous pages.
bug name=shmem-uffd-dirty-cow cve=CVE-2022-2590
bug introduced=9ae0f87d009c fixed=5535be309971 buggy=5.19 fixed-in=6.0
bug pending=uffd,races
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=5535be3099717646781ce1540cf725965d680e7b
