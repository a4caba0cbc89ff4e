title "Dirty COW: GUP's FOLL_FORCE write retried as a read races with MADV_DONTNEED"
# A /proc/self/mem write to a read-only private file mapping breaks COW, then GUP drops FOLL_WRITE and
# retries as a read; a MADV_DONTNEED in that window zaps the COW copy and the retry returns the page-cache
# page, which is then written.  Fixed by FOLL_COW (19be0eaffa3a, v4.9-rc2 and 4.8.3).  Needs a race
# inside one GUP call, and FOLL_FORCE.
bug name=dirty-cow cve=CVE-2016-5195
bug introduced=unknown fixed=19be0eaffa3a buggy=4.8 fixed-in=4.9
bug pending=races
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=19be0eaffa3ac7d8eb6784ad9bdbc7d67ed8e619
bug url=https://nvd.nist.gov/vuln/detail/CVE-2016-5195
