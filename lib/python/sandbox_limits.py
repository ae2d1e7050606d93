"""Resource limits and memory readings for the sandboxed processes (Linux only)."""

import ctypes
import math
import os
import resource

# Looked up directly rather than splitting the ~55 lines: fewer objects, fewer pages touched.
_STATUS_KEYS = tuple((b"\n%s:" % name.encode(), name) for name in ("VmPeak", "VmSize", "VmHWM", "VmRSS"))
_STATUS_BYTES = 1 << 16
_PR_SET_DUMPABLE = 4


def read_memory_status():
    """VmPeak, VmSize, VmHWM and VmRSS of this process, in bytes.

    Raw os calls: just after fork every new object costs copy-on-write page faults.
    """
    fd = os.open("/proc/self/status", os.O_RDONLY)
    try:
        text = os.read(fd, _STATUS_BYTES)
    finally:
        os.close(fd)
    values = {}
    for key, name in _STATUS_KEYS:
        start = text.find(key)  # with its newline and colon, a key matches its own line only
        if start >= 0:
            end = text.find(b"\n", start + len(key))
            values[name] = int(text[start + len(key) : end].split()[0]) * 1024
    return values


def reset_resident_peak():
    """Resets VmHWM to the current resident size (Linux's clear_refs "5"), where /proc allows."""
    try:
        fd = os.open("/proc/self/clear_refs", os.O_WRONLY)
    except OSError:
        return
    try:
        os.write(fd, b"5")
    except OSError:
        pass
    finally:
        os.close(fd)


def memory_growth(before, after):
    """Peak memory added since `before`, read cheaply from the kernel's counters.

    Resident growth misses allocations that were never touched (a big calloc), so the
    address-space growth is taken too; both over-estimate what tracemalloc would count.
    """
    resident = after["VmHWM"] - before["VmRSS"]
    virtual = after["VmPeak"] - before["VmSize"]
    return max(resident, virtual, 0)


def _set(which, value):
    resource.setrlimit(which, (value, value))


def apply_process_limits(max_processes, max_file_bytes):
    """Limits for the whole sandbox, inherited by every process forked inside it."""
    _set(resource.RLIMIT_NPROC, max_processes)
    _set(resource.RLIMIT_FSIZE, max_file_bytes)
    _set(resource.RLIMIT_CORE, 0)


def limit_address_space(headroom_bytes, current_size=None):
    """Cap the address space at the current size plus headroom.

    An absolute cap would count the interpreter and the loaded modules; lowering the hard
    limit too keeps environment code from raising it again.
    """
    if current_size is None:
        current_size = read_memory_status()["VmSize"]
    wanted = current_size + headroom_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    _set(resource.RLIMIT_AS, wanted)


def cpu_limit_seconds(seconds):
    """RLIMIT_CPU's value for a budget of `seconds`: whole seconds, at least one."""
    return max(1, math.ceil(seconds))


def limit_cpu_seconds(seconds):
    _set(resource.RLIMIT_CPU, cpu_limit_seconds(seconds))


def forbid_ptrace():
    """Processes of the same uid may otherwise attach to this one and forge its messages."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")
