title "Reserved proposal: get_user_pages() on a VM_RESERVED (not VM_IO) VMA never returns"
# Many 2006 drivers set VM_RESERVED (without VM_IO) on ->nopage mappings of their buffers.
# get_user_pages() refuses only VM_IO|VM_PFNMAP, so it walks such a VMA: follow_page() -> no PTE ->
# handle_mm_fault() -> do_no_page() installs the page (it never asks vm_normal_page()) -> follow_page()
# again -> vm_normal_page() now says "special" -> no page -> fault again (a present PTE: nothing to do) ->
# ... the loop in get_user_pages() never ends (mm/memory.c, 2.6.19).  ptrace, /proc/pid/mem, O_DIRECT and
# core dumps of such a VMA would hang.  Stock 2.6.19 returns the page.
era 2.6.19+reserved
# Only about the hypothetical era: 2.6.19 with vm_normal_page() returning NULL for VM_RESERVED vmas (the
# proposal in Ben Herrenschmidt's 13 Dec 2006 mail). No kernel had that rule; in the real eras the
# stock scenarios state what happens instead.
eras 2.6.19+reserved
device buf fault=nopage memory=ram flags=VM_RESERVED pages=1

P1: mmap A dev:buf pages=1 shared rw
P1: gup A[0] as H -> LIVELOCK
P1: exit
buf: release

expect violation livelock
# The one fault that installed the PTE counted it (do_no_page: driver 1 + PTE 1); the exit's zap got NULL
# from vm_normal_page() and gave nothing back; the driver's release dropped its own: 1 left, never freed.
expect buf[0] count=1 mapcount=1
expect violation mapcount-mismatch
expect violation rss-mismatch
expect violation refcount-leak
