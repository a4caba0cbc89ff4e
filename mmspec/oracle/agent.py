"""A scenario process on the live kernel: a forked child of the controller that executes one command at a
time (mmap, load, store, fork, madvise, ...) and answers over its socket.

Loads and stores go through a tiny C function that catches SIGSEGV and SIGBUS with sigsetjmp, so that a
faulting access is reported as the signal instead of killing the process; everything else uses the raw
system calls through ctypes, so the kernel sees exactly the flags the scenario asks for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import pickle
import signal
import socket
import struct
from typing import Any

ACCESS_C = r"""
#include <setjmp.h>
#include <signal.h>
#include <string.h>
static sigjmp_buf env;
static volatile int caught;
static void on_signal(int s) { caught = s; siglongjmp(env, 1); }
int mm_access(volatile long *p, int write, long value, long *out) {
    struct sigaction sa, old_segv, old_bus;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    caught = 0;
    if (sigsetjmp(env, 1) == 0) {
        if (write) *p = value; else *out = *p;
    }
    sigaction(SIGSEGV, &old_segv, 0);
    sigaction(SIGBUS, &old_bus, 0);
    return caught;
}
"""

PAGE = 4096
PROT = {"r": 1, "rw": 3, "none": 0}
MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS = 0x01, 0x02, 0x10, 0x20
MADV = {
    "dontneed": 4,
    "dontfork": 10,
    "dofork": 11,
    "wipeonfork": 18,
    "keeponfork": 19,
    "cold": 20,
    "pageout": 21,
    "nohugepage": 15,
}
SYS_IO_URING_SETUP, SYS_IO_URING_REGISTER = 425, 427
IORING_REGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS = 0, 1

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
for _name in ("munmap", "mprotect", "madvise", "mlock", "munlock"):
    getattr(libc, _name).argtypes = [ctypes.c_void_p, ctypes.c_size_t] + (
        [ctypes.c_int] if _name in ("mprotect", "madvise") else []
    )
libc.syscall.restype = ctypes.c_long
libc.vmsplice.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint]
libc.tee.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_size_t, ctypes.c_uint]
libc.tee.restype = ctypes.c_ssize_t


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def send(sock: socket.socket, obj: Any) -> None:
    data = pickle.dumps(obj)
    sock.sendall(struct.pack("!I", len(data)) + data)


def recv(sock: socket.socket) -> Any:
    head = _recv_exact(sock, 4)
    return pickle.loads(_recv_exact(sock, struct.unpack("!I", head)[0]))


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the other side closed the socket")
        buf += chunk
    return buf


def _errno(ret: int) -> str:
    if ret == 0:
        return "ok"
    import errno as E

    return E.errorcode.get(ctypes.get_errno(), f"E{ctypes.get_errno()}")


class Agent:
    """One scenario process.  ``access`` is the loaded C helper."""

    def __init__(self, sock: socket.socket, access: Any) -> None:
        self.sock, self.access = sock, access
        self.refs: dict[str, tuple[str, tuple[int, ...]]] = {}

    def serve(self) -> None:
        """Execute commands until ``exit``, or until the controller's end of the socket closes: then it is
        gone (killed, even by SIGKILL, which runs no cleanup), and so must this agent be."""
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited children are reaped by the kernel
        while True:
            try:
                cmd, args = recv(self.sock)
            except (EOFError, ConnectionError):
                os._exit(0)
            if cmd == "fork":
                self.fork()
                continue
            reply = getattr(self, "do_" + cmd)(*args)
            send(self.sock, reply)
            if cmd == "exit":
                os._exit(0)

    # -- commands ------------------------------------------------------------------------------------

    def do_mmap(
        self, addr: int, pages: int, prot: str, shared: bool, fd: int, offset: int, rdonly: bool = False
    ) -> tuple[str, int]:
        """mmap at ``addr`` with MAP_FIXED, or (``addr`` 0) where the kernel chooses: io_uring refuses
        MAP_FIXED.  With ``rdonly`` the file is opened again O_RDONLY (through /proc/self/fd: a new open
        file without FMODE_WRITE) and that is mapped.  Returns the outcome and the address."""
        flags = (MAP_SHARED if shared else MAP_PRIVATE) | (MAP_FIXED if addr else 0) | (MAP_ANONYMOUS if fd < 0 else 0)
        ro_fd = os.open(f"/proc/self/fd/{fd}", os.O_RDONLY) if rdonly and fd >= 0 else -1
        try:
            ret = libc.mmap(addr or None, pages * PAGE, PROT[prot], flags, fd if ro_fd < 0 else ro_fd, offset * PAGE)
        finally:
            if ro_fd >= 0:
                os.close(ro_fd)  # the mapping keeps its own reference to the file
        if ret is None or ret == 2**64 - 1:
            return _errno(-1), 0
        libc.madvise(ret, pages * PAGE, MADV["nohugepage"])
        return "ok", ret

    def do_access(self, addr: int, write: bool, value: int) -> tuple[str, int | None]:
        out = ctypes.c_long(0)
        sig = self.access.mm_access(ctypes.c_void_p(addr), int(write), ctypes.c_long(value), ctypes.byref(out))
        if sig:
            return ("SIGBUS" if sig == signal.SIGBUS else "SIGSEGV", None)
        return ("ok", None if write else out.value)

    def do_poke(self, addr: int, value: int) -> str:
        """A write of ``value`` to ``addr`` through /proc/self/mem (mem_rw(): access_remote_vm() with
        FOLL_FORCE): the kernel writes even into a read-only mapping, by COW in a private one."""
        fd = os.open("/proc/self/mem", os.O_RDWR)
        try:
            os.pwrite(fd, struct.pack("=q", value), addr)  # a C long, as the access helper stores it
        except OSError as e:
            return errno.errorcode.get(e.errno or 0, "EIO")
        finally:
            os.close(fd)
        return "ok"

    def do_munmap(self, addr: int, pages: int) -> str:
        return _errno(libc.munmap(addr, pages * PAGE))

    def do_mprotect(self, addr: int, pages: int, prot: str) -> str:
        return _errno(libc.mprotect(addr, pages * PAGE, PROT[prot]))

    def do_madvise(self, addr: int, pages: int, advice: str) -> str:
        return _errno(libc.madvise(addr, pages * PAGE, MADV[advice]))

    def do_mlock(self, addr: int, pages: int, lock: bool) -> str:
        return _errno((libc.mlock if lock else libc.munlock)(addr, pages * PAGE))

    def do_pin(self, ref: str, addr: int) -> str:
        """FOLL_PIN|FOLL_LONGTERM through io_uring buffer registration."""
        params = (ctypes.c_char * 120)()
        fd = libc.syscall(SYS_IO_URING_SETUP, 1, params)
        if fd < 0:
            return _errno(-1)
        iov = IoVec(addr, PAGE)
        if libc.syscall(SYS_IO_URING_REGISTER, fd, IORING_REGISTER_BUFFERS, ctypes.byref(iov), 1) < 0:
            err = _errno(-1)
            os.close(fd)
            return err
        self.refs[ref] = ("pin", (fd,))
        return "ok"

    def do_vmsplice(self, ref: str, addr: int) -> str:
        """FOLL_GET through vmsplice() into a pipe, as a pipe holds a spliced page."""
        r, w = os.pipe()
        iov = IoVec(addr, PAGE)
        if libc.vmsplice(w, ctypes.byref(iov), 1, 0) < 0:
            err = _errno(-1)
            os.close(r)
            os.close(w)
            return err
        self.refs[ref] = ("pipe", (r, w))
        return "ok"

    def do_readref(self, ref: str) -> tuple[str, int | None]:
        kind, fds = self.refs[ref]
        if kind != "pipe":
            return ("unsupported", None)
        r2, w2 = os.pipe()
        n = libc.tee(fds[0], w2, PAGE, 0)  # duplicate without consuming the spliced page
        os.close(w2)
        data = os.read(r2, PAGE) if n > 0 else b""
        os.close(r2)
        return ("ok", int.from_bytes(data[:8], "little", signed=True) if len(data) >= 8 else None)

    def do_putref(self, ref: str) -> str:
        kind, fds = self.refs.pop(ref)
        if kind == "pin":
            libc.syscall(SYS_IO_URING_REGISTER, fds[0], IORING_UNREGISTER_BUFFERS, None, 0)
        for fd in fds:
            os.close(fd)
        return "ok"

    def do_exit(self) -> str:
        return "ok"

    def fork(self) -> None:
        _msg, fds, _, _ = socket.recv_fds(self.sock, 16, 1)
        child_sock = socket.socket(fileno=fds[0])
        pid = os.fork()
        if pid == 0:
            self.sock.close()
            self.sock = child_sock
            # References belong to the process that took them (the model's rule): the child closes its copies
            # of the pipes and rings, so that the parent's putref or exit really releases the page.
            for _kind, ref_fds in self.refs.values():
                for fd in ref_fds:
                    os.close(fd)
            self.refs = {}
            send(self.sock, ("ready", os.getpid()))
            return
        child_sock.close()
        send(self.sock, ("ok", pid))
