title "Dirty COW step by step: a /proc/PID/mem write into a read-only file, raced by MADV_DONTNEED"
# Question: can a task that opened a file read-only change it?  It maps the file MAP_PRIVATE PROT_READ
# (allowed: MAP_PRIVATE asks only FMODE_READ, and the VMA keeps VM_MAYWRITE), then writes to its own
# /proc/self/mem at that address: access_process_vm() → get_user_pages(FOLL_FORCE|FOLL_WRITE).  The read
# before it maps the page-cache page read-only, so GUP's first write fault is do_wp_page()'s COW: an anon
# copy, mapped read-only (no VM_WRITE) but dirty, and VM_FAULT_WRITE.  T1 stops there, at GUP's retry:
# label (cond_resched(), mmap_sem held for read).  T2, sharing the mm, runs MADV_DONTNEED on the page
# (mmap_sem for read too): the copy is zapped.  T1 resumes.
# Before 4.9 (2.6.19's get_user_pages() already drops FOLL_WRITE after VM_FAULT_WRITE): the retry is a
# read, its fault maps the page-cache page again, follow_page() returns it and the kernel stores into it:
# the file's page cache holds 66 (ro-file-written).  From 4.9-rc2 (19be0eaffa3a): FOLL_WRITE stays, FOLL_COW
# is set; the retry's write fault copies again and follow_page_pte() takes the dirty read-only PTE of the new
# copy (can_follow_write_pte()); from 6.0 (5535be309971) it takes it because the copy is AnonExclusive.
# The file is unchanged.
era 4.8
eras 4.8 4.9 6.18
file f pages=1

P1: mmap A file:f pages=1 private r open=r
P1: read A[0] == 0
P1: thread T2
P1: poke A[0] = 66 until retry
expect here P1:A[0] pte=present
P1/T2: madvise A dontneed
expect here P1:A[0] pte=none
P1: resume
P1: read A[0] == 66

expect until 4.8 violation ro-file-written
expect until 4.8 file:f[0] value=66
expect since 4.9-rc2 no violations
expect since 4.9-rc2 file:f[0] value=0
