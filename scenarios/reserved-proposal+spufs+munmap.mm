title "Reserved proposal with the plain spufs preset (VM_IO only): unaffected, balanced"
# Question: does the proposal change anything for a vma that has VM_IO but not VM_RESERVED (as the
# spufs preset sets)? No: the hypothetical test is on VM_RESERVED only, so vm_normal_page still returns
# the SPE page and fault/fork/zap stay balanced.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device spu preset=spufs pages=1

P1: mmap A dev:spu pages=1 shared rw
# do_no_page write shared: 2/1
P1: write A[0] = 1
# not copied
P1: fork P2
# 3/2
P2: read A[0] == 1
# zap: vm_normal_page returns the page (no VM_RESERVED): 2/1, then 1/0
P2: munmap A
P1: munmap A
P1: exit
P2: exit
spu: release

expect no violations
expect spu[0] count=1 mapcount=0
