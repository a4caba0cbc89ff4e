title "Dirty COW: GUP's FOLL_FORCE write retried as a read races with MADV_DONTNEED"
# A /proc/self/mem write to a read-only private file mapping breaks COW, then GUP drops FOLL_WRITE and
# retries as a read; a MADV_DONTNEED by another thread in that window (GUP's retry: label, mmap_sem held
# for read by both) zaps the COW copy and the retry returns the page-cache page, which is then written.
# Fixed by FOLL_COW (19be0eaffa3a, v4.9-rc2 and 4.8.3).  The retry-as-read is older than the model's
# 2.6.19 (f33ea7f404e5 of 2005 brought it back after 4ceb5db9757a had removed it): introduced=f33ea7f404e5.
bug name=dirty-cow cve=CVE-2016-5195
bug introduced=f33ea7f404e5 fixed=19be0eaffa3a buggy=4.8 fixed-in=4.9 invariant=ro-file-written
bug url=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=19be0eaffa3ac7d8eb6784ad9bdbc7d67ed8e619
bug url=https://nvd.nist.gov/vuln/detail/CVE-2016-5195
file f pages=1
P1: mmap A file:f pages=1 private r open=r
P1: read A[0]
P1: thread T2
P1: poke A[0] = 66 until retry
P1/T2: madvise A dontneed
P1: resume
