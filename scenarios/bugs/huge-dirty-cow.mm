title "Huge Dirty COW: a read touch dirties the huge zero pmd, which FOLL_COW then trusts"
# touch_pmd() set dirty on read lookups, so a racing FOLL_FORCE writer holding FOLL_COW took the dirty
# read-only huge zero pmd for its COW copy and wrote the huge zero page.  a8f97366452e (v4.15-rc2).
bug name=huge-dirty-cow cve=CVE-2017-1000405
bug introduced=8310d48b125d fixed=a8f97366452e buggy=4.14 fixed-in=4.15
bug pending=thp,races
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=a8f97366452ed491d13cf1e44241bc0b5740b1f0
