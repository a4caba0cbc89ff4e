"""Model of the kernel's store into another task's memory: access_process_vm() in kernel/ptrace.c (2.6.19),
__access_remote_vm() in mm/memory.c (from 3.x), as a write to /proc/PID/mem or PTRACE_POKEDATA performs it:
get_user_pages(FOLL_FORCE|FOLL_WRITE) of the page, copy_to_user_page() into it, set_page_dirty_lock(),
put_page().
"""

from __future__ import annotations

from mmspec.mm.ledger import kernel_function
from mmspec.mm.memory import set_page_dirty
from mmspec.mm.mm_types import PG, Kernel, KLogKind
from mmspec.mm.swap import put_page


@kernel_function("access_process_vm")
def remote_store(k: Kernel, mm: str, vpn: int, pfn: int, value: int) -> None:
    """The tail of access_process_vm() for a write, once get_user_pages() returned ``pfn`` with a
    reference: the kernel stores ``value`` into the page (copy_to_user_page()), dirties it
    (set_page_dirty_lock()) and drops the reference (page_cache_release()).  The store is logged with its
    user address, so the invariants can tell which mapping it went through."""
    k.write_frame(pfn, value)
    if k.pfn_valid(pfn):
        k.set_page(pfn, writer=mm)
        if not k.page(pfn).has(PG.PG_dirty):
            set_page_dirty(k, pfn)
    k.log(KLogKind.STORE, f"{mm}'s memory is written (/proc/PID/mem): {value} to pfn {pfn:#x}", pfn, mm, vpn=vpn)
    if k.pfn_valid(pfn):
        put_page(k, pfn)
