title "mprotect(PROT_READ|PROT_WRITE) of a locked private read-only file mapping breaks COW at once, from 4.2"
# Question: mlock() of a private read-only file mapping maps the page-cache pages; what does a later
# mprotect() adding PROT_WRITE do to them? Up to 4.1 nothing: each page is copied at its first write
# fault. From 4.2 (36f881883c57) mprotect_fixup() populates the private
# VM_LOCKED VMA that becomes writable with write faults, so both pages are private anon copies before
# mprotect() returns and the page-cache pages lose their mappings.
era 6.18

file data pages=2
P1: mmap A file:data private r
P1: mlock A
P1: mprotect A rw

expect until 3.7 P1 rss file=2 anon=0
expect until 3.7 P1:A[0] !anon mapcount=1
expect since 5.9 P1 rss file=0 anon=2
expect since 5.9 P1:A[0] anon mapcount=1 count=1
expect since 5.19 P1:A[0] exclusive
expect no violations
