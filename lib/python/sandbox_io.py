"""Newline-delimited JSON over pipes, and forking with a pipe back to the parent.

Peers may be hostile, so reads are bounded in bytes and time, and a forked child never
returns into its parent's code.
"""

import errno
import json
import os
import select
import signal
import time

# The child exits with this when even reporting ran out of memory.
EXIT_OUT_OF_MEMORY = 86
# An environment host exits with this when it could not fork (the process limit was reached).
EXIT_CANNOT_FORK = 75


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
# The C encoder JSONEncoder.encode builds on every call, built once: a forked child pays a
# copy-on-write page fault for each page the Python layers around it would touch. No
# circular-reference markers: only our own result dicts are encoded.
_encode_chunks = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, False
)


def encode_json(value):
    """UTF-8 JSON without newlines (JSON escapes those inside strings)."""
    text = "".join(_encode_chunks(value, 0)) if _encode_chunks else _ENCODER.encode(value)
    return text.encode("utf-8", "replace")


def encode(message):
    """One message: a line of JSON."""
    return b"%s\n" % encode_json(message)


def write_all(fd, data):
    data = memoryview(data)
    while data:
        data = data[os.write(fd, data):]


def write_message(fd, message):
    write_all(fd, encode(message))


class LineReader:
    """Reads newline-terminated messages from a file descriptor, buffering at most max_bytes."""

    def __init__(self, fd, max_bytes):
        self._fd = fd
        self._max_bytes = max_bytes
        self._buffer = bytearray()
        self._scanned = 0

    def read_line(self, deadline=None):
        """Returns (status, line); status is "line", "eof", "timeout" or "too_long"."""
        while True:
            newline = self._buffer.find(b"\n", self._scanned)
            if newline >= 0:
                line = bytes(self._buffer[:newline])
                del self._buffer[: newline + 1]
                self._scanned = 0
                return "line", line
            self._scanned = len(self._buffer)
            if len(self._buffer) > self._max_bytes:
                return "too_long", None
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return "timeout", None
            ready, _, _ = select.select([self._fd], [], [], wait)
            if not ready:
                return "timeout", None
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                return "eof", None
            self._buffer += chunk


def fork_with_pipe(child_main):
    """Forks; the child runs child_main(write_fd) and exits. Returns (pid, read_fd).

    Raises BlockingIOError when the process limit is reached.
    """
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:
        status = 1
        try:
            os.close(read_fd)
            child_main(write_fd)
            status = 0
        except MemoryError:
            status = EXIT_OUT_OF_MEMORY
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def fork_with_retry(child_main, attempts=50, pause_seconds=0.02):
    """fork_with_pipe, waiting for killed processes to be reaped when the limit is reached."""
    for attempt in range(attempts):
        try:
            return fork_with_pipe(child_main)
        except BlockingIOError as error:
            if error.errno != errno.EAGAIN or attempt == attempts - 1:
                raise
            time.sleep(pause_seconds)
    raise AssertionError("unreachable")


def redirect_to_devnull(*fds):
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        os.dup2(devnull, fd)
    if devnull not in fds:
        os.close(devnull)


def describe_wait_status(status):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"was killed by {name}"
    return f"exited with code {os.waitstatus_to_exitcode(status)}"
