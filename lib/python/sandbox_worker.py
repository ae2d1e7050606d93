"""The persistent sandbox worker: takes tasks from Node (stdin) and answers on fd 3.

It never runs environment code itself: each task gets a disposable environment host
(sandbox_host) forked from this clean process, which the worker supervises with deadlines,
and after which it kills every other process in the sandbox. It is the only writer to
Node's channel, so nothing an environment does can corrupt the framing.
"""

import json
import os
import signal
import time

from sandbox_host import (
    COMPILE_ERRORS,
    KILL_GRACE_SECONDS,
    address_space_headroom,
    fresh_header,
    host_main,
    inline_end_result,
    inline_header,
    rerun_header,
    result_header,
)
from sandbox_io import (
    EXIT_CANNOT_FORK,
    LineReader,
    describe_wait_status,
    encode_json,
    fork_with_retry,
    redirect_to_devnull,
    write_all,
    write_message,
)
from sandbox_limits import limit_address_space
from sandbox_verify import compile_environment, describe_syntax_error, result

COMMANDS_FD = 0
RESULTS_FD = 3
MAX_COMMAND_BYTES = 256 * 2**20
# Compiling the module comes before the timed span.
LOAD_GRACE_SECONDS = 0.5
# Each configuration may run twice (untraced, then traced); this covers the host's own work.
CONFIG_SLACK_SECONDS = 1.0
# An inline run's setup and reporting, around its timed span.
INLINE_SLACK_SECONDS = 0.2
IN_HOST = {False: b"false", True: b"true"}
# The host's envelope around a child's result.
ENVELOPE_BYTES = 4096


def inside_own_pid_namespace():
    """sweep() kills every process it can see and clean_tmp() empties /tmp: only ever run
    them where that means our sandbox."""
    try:
        with open("/proc/1/comm") as comm:
            init = comm.read().strip()
    except OSError:
        return False
    return os.getpid() == 2 and init == "bwrap"


class OutsideSandbox(RuntimeError):
    pass


def require_own_pid_namespace(what):
    # Run on a host, sweep() would kill all of its user's processes and clean_tmp() would
    # delete everyone's files in the real /tmp.
    if not inside_own_pid_namespace():
        raise OutsideSandbox(f"{what} runs only as pid 2 under bubblewrap's init")


def serve(python_version):
    if not inside_own_pid_namespace():
        raise SystemExit("the sandbox worker runs only as pid 2 under bubblewrap's init")
    # Imported here, not at the top: the baseline's single run (sandbox_runner) imports this
    # module too, and must start as CodeGym's fresh interpreter did, without our pre-imports.
    from sandbox_warmup import warm_up

    warm_up()
    commands = LineReader(COMMANDS_FD, MAX_COMMAND_BYTES)
    write_message(RESULTS_FD, {"type": "ready", "python": python_version})
    while True:
        status, line = commands.read_line()
        if status != "line":
            return
        command = json.loads(line)
        # Node then knows the task reached us: a worker lost before this costs no configuration.
        write_message(RESULTS_FD, {"type": "started", "task": command["task"]})
        if command["op"] == "run":
            run_task(command)
        elif command["op"] == "syntax":
            check_syntax(command)
        else:
            raise ValueError(f"unknown op {command['op']!r}")
        clean_tmp()
        write_message(RESULTS_FD, {"type": "done", "task": command["task"]})


def run_task(task):
    """Verifies task["configs"] in order, replacing the host whenever it dies."""
    count = len(task["configs"])
    timeout_seconds = task["limits"]["timeoutMs"] / 1000
    retried_forks = set()

    def emit(index, result_json, in_host=False):
        # The result goes on a line of its own, which Node parses apart: whatever a hostile
        # host puts there costs only this configuration (a malformed result), and this process
        # need not parse it. LineReader guarantees it holds no newline. in_host: the host ran
        # the configuration itself (counted in the pool's stats).
        envelope = b'{"type":"result","task":%d,"index":%d,"inHost":%s}' % (task["task"], index, IN_HOST[in_host])
        write_all(RESULTS_FD, b"%s\n%s\n" % (envelope, result_json))

    index = 0
    inline = task.get("inHost", True)
    while index < count:
        index, loaded, stop, wait_status = run_host(task, index, emit, inline)
        if index >= count:
            return
        if not loaded:
            if stop == "timeout":
                outcome = result("timeout", f"module-level code exceeded the {timeout_seconds:g} s time limit")
            else:
                how = describe_wait_status(wait_status)
                outcome = result("crash", f"the process loading the module {how}")
            for remaining in range(index, count):
                emit(remaining, encode_json(outcome))
            return
        if stop == "fresh":
            continue
        if stop == "rerun":
            inline = False  # that configuration again, in children of a fresh host
            continue
        cannot_fork = os.WIFEXITED(wait_status) and os.WEXITSTATUS(wait_status) == EXIT_CANNOT_FORK
        if stop == "eof" and cannot_fork and index not in retried_forks:
            retried_forks.add(index)  # processes left by an earlier configuration are gone now
            continue
        emit(index, encode_json(host_failure(stop, wait_status, cannot_fork)))
        index += 1


def host_failure(stop, wait_status, cannot_fork):
    if cannot_fork:
        return result("crash", "no process could be started for this configuration (process limit reached)")
    if stop == "timeout":
        return result("crash", "the environment's process stopped responding")
    if stop != "eof":
        return result("crash", "the environment's process sent a malformed message")
    how = describe_wait_status(wait_status)
    return result("crash", f"the environment's process {how} while this configuration ran")


def run_host(task, start_index, emit, inline):
    """Runs one host from start_index; returns (next index, loaded, stop reason, wait status).

    The host sends each result as a line `R <i>` followed by the result's JSON, which is
    passed on unread (see emit). Before it runs a configuration itself it sends `I <i>`, and
    may then ask with `X <i>` for it to be run again in a fresh host's children, or after
    its result with `F <i+1>` for the rest to go to a fresh host. Its other messages
    ("loaded", "load_failed") are JSON.
    """
    limits = task["limits"]
    count = len(task["configs"])
    timeout_seconds = limits["timeoutMs"] / 1000
    per_config_seconds = 2 * (timeout_seconds + KILL_GRACE_SECONDS) + CONFIG_SLACK_SECONDS
    pid, read_fd = fork_with_retry(lambda write_fd: host_main(task, start_index, write_fd, inline))
    reader = LineReader(read_fd, limits["maxResultBytes"] + ENVELOPE_BYTES)
    index, loaded, stop, running_inline = start_index, False, None, False
    deadline = time.monotonic() + timeout_seconds + LOAD_GRACE_SECONDS + KILL_GRACE_SECONDS
    while index < count:
        status, line = reader.read_line(deadline)
        if status != "line":
            stop = status
            break
        if loaded and line == result_header(index):
            status, result_json = reader.read_line(deadline)
            if status != "line":
                stop = status
                break
            emit(index, result_json, running_inline)
            index += 1
            running_inline = False
            deadline = time.monotonic() + per_config_seconds
            continue
        if loaded and not running_inline and line == inline_header(index):
            running_inline, inline_started = True, time.monotonic()
            deadline = inline_started + timeout_seconds + KILL_GRACE_SECONDS + INLINE_SLACK_SECONDS
            continue
        if running_inline and line == rerun_header(index):
            running_inline, stop = False, "rerun"
            break
        if loaded and not running_inline and line == fresh_header(index):
            stop = "fresh"
            break
        message = {} if loaded else parse_message(line)
        kind = message.get("type")
        outcome = message.get("result")
        if kind == "loaded":
            loaded = True
        elif kind == "load_failed" and isinstance(outcome, dict):
            for remaining in range(index, count):
                emit(remaining, encode_json(outcome))
            index, loaded = count, True
        else:
            stop = "malformed"
            break
        deadline = time.monotonic() + per_config_seconds
    wait_status = stop_host(pid)
    os.close(read_fd)
    if running_inline:  # the host's end was that configuration's; the next get a fresh host
        elapsed = time.monotonic() - inline_started
        emit(index, encode_json(inline_end_result(stop, wait_status, elapsed, timeout_seconds)), True)
        index, stop = index + 1, "fresh"
    return index, loaded, stop, wait_status


def check_syntax(task):
    def child(write_fd):
        redirect_to_devnull(0, 1, 2)
        os.close(RESULTS_FD)
        limit_address_space(2 * address_space_headroom(task["limits"]))
        try:
            compile_environment(task["code"])
            answer = {"ok": True}
        except COMPILE_ERRORS as error:
            line, column, message = describe_syntax_error(error)
            answer = {"ok": False, "line": line, "column": column, "message": message}
        write_message(write_fd, answer)

    pid, read_fd = fork_with_retry(child)
    deadline = time.monotonic() + task["limits"]["timeoutMs"] / 1000 + LOAD_GRACE_SECONDS
    status, line = LineReader(read_fd, MAX_COMMAND_BYTES).read_line(deadline)
    stop_host(pid)
    os.close(read_fd)
    answer = parse_message(line) if status == "line" else {}
    if "ok" not in answer:
        message = "the module could not be compiled within the sandbox limits"
        answer = {"ok": False, "line": None, "column": None, "message": message}
    write_message(RESULTS_FD, {"type": "syntax", "task": task["task"], **answer})


def parse_message(line):
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    return message if isinstance(message, dict) else {}


def stop_host(pid):
    """Kills the host, reaps it, then kills whatever else runs in the sandbox."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, wait_status = os.waitpid(pid, 0)
    sweep()
    return wait_status


def sweep():
    # In our own pid namespace, kill(-1) reaches every process but this one and bwrap's
    # init, which reaps them: fork bombs and processes that left their process group.
    require_own_pid_namespace("sweep()")
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass


def clean_tmp():
    """The next environment starts with an empty /tmp (its tmpfs is small and shared).

    Not shutil.rmtree: importing shutil maps compression libraries into every process
    forked from here, and each mapping makes fork slower. Iterative, for deep trees.
    """
    require_own_pid_namespace("clean_tmp()")
    pending, directories = ["/tmp"], []
    while pending:
        path = pending.pop()
        directories.append(path)
        try:
            os.chmod(path, 0o700)  # the environment may have locked us out of its directories
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    else:
                        _ignore_os_error(os.unlink, entry.path)
        except OSError:
            pass
    for path in reversed(directories[1:]):
        _ignore_os_error(os.rmdir, path)


def _ignore_os_error(operation, path):
    try:
        operation(path)
    except OSError:
        pass
