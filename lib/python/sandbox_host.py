"""The environment host: loads one environment's module once, then verifies its
configurations, itself while they leave it unchanged, else each in a forked child, and
reports to the worker over a pipe.

It runs the environment's module-level code, so it is disposable: the worker forks a fresh
host for every task and kills it (and everything it started) afterwards.
"""

import gc
import json
import math
import os
import signal
import time
from resource import RLIMIT_CPU, RUSAGE_SELF, getrusage, setrlimit

from sandbox_io import (
    EXIT_CANNOT_FORK,
    EXIT_OUT_OF_MEMORY,
    LineReader,
    describe_wait_status,
    encode_json,
    fork_with_pipe,
    redirect_to_devnull,
    write_all,
    write_message,
)
from sandbox_limits import cpu_limit_seconds, limit_address_space, read_memory_status, reset_resident_peak
from sandbox_state import ProcessState, reseed_random
from sandbox_verify import (
    classify_error,
    compile_environment,
    describe_syntax_error,
    load_environment,
    result,
    verify_config,
)

# Time for fork and setup, outside the timed from_env_str + solve span.
KILL_GRACE_SECONDS = 0.1
# tracemalloc slows Python code down by up to ~15x (measured on allocation-heavy loops), so
# a configuration that is fast untraced may still exceed the time limit under CodeGym's tracing.
TRACED_SLOWDOWN_BOUND = 20
TRACED_MEMORY_FRACTION = 0.5
# tracemalloc's own bookkeeping needs ~1.7x the traced bytes of small objects; the address
# space must hold both, or a run CodeGym passed would end in MemoryError here.
ADDRESS_SPACE_FACTOR = 3
ADDRESS_SPACE_MARGIN = 64 * 2**20
COMPILE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError)


def address_space_headroom(limits):
    return limits["memoryBytes"] * ADDRESS_SPACE_FACTOR + ADDRESS_SPACE_MARGIN


def syntax_error_result(error):
    line, column, message = describe_syntax_error(error)
    where = f" (line {line}, column {column})" if line is not None else ""
    return result("syntax_error", f"{message}{where}")


def load_or_fail(code, limits):
    """(module, None) when the environment loads, else (None, the result every config gets)."""
    try:
        code_object = compile_environment(code)
    except COMPILE_ERRORS as error:
        return None, syntax_error_result(error)
    try:
        return load_environment(code_object), None
    except BaseException as error:
        outcome = classify_error(error, "exception", limits["maxMessageChars"])
        outcome["message"] = f"module-level code failed: {outcome['message']}"
        return None, outcome


def host_main(task, start_index, out_fd, inline=True):
    """Loads the module, then verifies configurations from start_index on, in order.

    With inline, the host runs configurations itself, one after another, while each leaves
    it as it was after loading (sandbox_state): no fork, no teardown, no copied pages. When
    the state cannot be followed, each runs in a forked child instead, except the last:
    nothing runs after it. Without inline (a configuration that came near a limit in this
    process, rerun), every configuration runs in a child.
    """
    redirect_to_devnull(0, 1, 2)
    os.close(3)  # the worker's channel to Node
    limits = task["limits"]
    limit_address_space(2 * address_space_headroom(limits))
    module, failure = load_or_fail(task["code"], limits)
    if failure is not None:
        write_message(out_fd, {"type": "load_failed", "result": failure})
        return
    gc.freeze()  # children's collections then skip the module's objects: fewer copied pages
    memory = read_memory_status()
    # The children's cap, set here once rather than in every child: they inherit it, and
    # start at this process's size, so it is the child's starting size plus the headroom.
    limit_address_space(address_space_headroom(limits), memory["VmSize"])
    write_message(out_fd, {"type": "loaded"})
    configs = task["configs"]
    last = len(configs) - 1
    state = ProcessState.capture(module, limits["memoryBytes"]) if inline and start_index < last else None
    cpu = InlineCpuBudget(limits, last + 1 - start_index) if inline else None
    try:
        for index in range(start_index, len(configs)):
            if inline and (state is not None or index == last):
                if not verify_inline(module, configs[index], limits, index, cpu, out_fd):
                    return  # the worker reruns it in a fresh host's children
                if index < last and not state.unchanged():
                    write_all(out_fd, b"%s\n" % fresh_header(index + 1))
                    return
                continue
            payload = verify_isolated(module, configs[index], limits, memory, out_fd)
            write_all(out_fd, b"R %d\n%s\n" % (index, payload))
    except BlockingIOError:
        os._exit(EXIT_CANNOT_FORK)


def result_header(index):
    """The line before a result (as host_main writes it): fixed bytes the worker compares,
    instead of JSON it parses."""
    return b"R %d" % index


def inline_header(index):
    """The line a host writes before it runs configuration index itself: from then on, the
    host's end is that configuration's end (see inline_end_result)."""
    return b"I %d" % index


def rerun_header(index):
    """The line by which a host asks for configuration index to be verified again by a fresh
    host, in children: it came near a limit, and its traced rerun needs an unused module."""
    return b"X %d" % index


def fresh_header(index):
    """The line by which a host that ran a configuration itself, and was changed by it, asks
    for the configurations from index on to be verified by a fresh host."""
    return b"F %d" % index


def verify_inline(module, config, limits, index, cpu, out_fd):
    """Runs the configuration in this process, as a child would (same limits and result);
    the worker enforces its time limit and reads a death as the configuration's. False when
    it came near a limit: its traced rerun, as CodeGym ran it, needs an unused module."""
    write_all(out_fd, b"%s\n" % inline_header(index))
    cpu.start_config()
    reseed_random()
    me = os.getpid()
    outcome = verify_config(module, config, limits, traced=False, record_trace=True, memory_before=inline_memory_before())
    if os.getpid() != me:  # a process the environment forked
        os._exit(0)
    if outcome["failureKind"] == "memory" or needs_traced_run(outcome, limits):
        write_all(out_fd, b"%s\n" % rerun_header(index))
        return False
    write_all(out_fd, b"R %d\n%s\n" % (index, encode_json(outcome)))
    return True


class InlineCpuBudget:
    """RLIMIT_CPU for configurations run in the host: each gets a child's budget on top of
    what the host has used. The hard limit, which cannot be raised again, covers them all."""

    def __init__(self, limits, count):
        self._per_config = cpu_limit_seconds(limits["timeoutMs"] / 1000 + 1)
        self._hard = self._spent() + count * self._per_config + 1

    @staticmethod
    def _spent():
        usage = getrusage(RUSAGE_SELF)
        return math.ceil(usage.ru_utime + usage.ru_stime)

    def start_config(self):
        soft = min(self._spent() + self._per_config, self._hard)
        setrlimit(RLIMIT_CPU, (soft, self._hard))


def inline_memory_before():
    """The baseline for verify_config's memory estimate here: this process's peaks may date
    from compiling the module, so the resident peak is reset and the virtual one counts as
    the starting size."""
    reset_resident_peak()
    memory = read_memory_status()
    memory["VmSize"] = max(memory["VmSize"], memory["VmPeak"])
    return memory


def inline_end_result(stop, wait_status, elapsed, timeout_seconds):
    """The result of a configuration whose inline run ended its host without a result: read
    as a child's end (stop is the worker's LineReader status), unless the host broke the frame."""
    if stop == "malformed":
        return result("crash", "the environment's process sent a malformed message", seconds=elapsed)
    return child_end_result(stop, wait_status, elapsed, timeout_seconds)


def verify_isolated(module, config, limits, memory, host_fd):
    """The configuration's result as JSON. Runs it untraced, and again under tracemalloc when
    time or memory came near a limit, so the verdict stays the one CodeGym's always-traced
    run would give."""
    rerun, payload = run_child(module, config, limits, memory, host_fd, traced=False)
    if not rerun:
        return payload
    _, traced_payload = run_child(module, config, limits, memory, host_fd, traced=True)
    try:
        first, second = json.loads(payload), json.loads(traced_payload)
        second["trace"] = first["trace"]
        if second["passed"]:
            second["findings"] = first["findings"]
        return encode_json(second)
    except (ValueError, TypeError, KeyError, RecursionError):
        return traced_payload


def needs_traced_run(outcome, limits):
    if outcome["failureKind"] in ("timeout", "memory", "crash", "no_class"):
        return False
    slow = outcome["seconds"] * TRACED_SLOWDOWN_BOUND > limits["timeoutMs"] / 1000
    large = (outcome["peakMemory"] or 0) > limits["memoryBytes"] * TRACED_MEMORY_FRACTION
    return slow or large


def run_child(module, config, limits, memory, host_fd, *, traced):
    """(whether to rerun it traced, result as JSON) of one run in a forked child.

    The child sends a one-byte verdict on rerunning, which is all this host reads, then its
    full result, which the host passes on unparsed: after a fork every page this process
    writes must be copied first (a page fault each), so it touches as little as it can.
    memory is this process's status, which the child starts with.
    """
    timeout_seconds = limits["timeoutMs"] / 1000
    cpu_seconds = cpu_limit_seconds(timeout_seconds + 1)

    def child(write_fd):
        os.close(host_fd)
        os.setpgid(0, 0)
        setrlimit(RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        report_config(module, config, limits, memory, write_fd, traced=traced, then_exit=True)

    started = time.monotonic()
    pid, read_fd = fork_with_pipe(child)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child got there first, or has already exited
    reader = LineReader(read_fd, limits["maxResultBytes"])
    deadline = started + timeout_seconds + KILL_GRACE_SECONDS
    status, rerun_line = reader.read_line(deadline)
    if status == "line":
        status, payload = reader.read_line(deadline)
    elapsed = time.monotonic() - started
    try:
        os.killpg(pid, signal.SIGKILL)  # with whatever it forked
    except OSError:
        pass
    os.close(read_fd)
    if status == "line":
        # How it ended no longer matters, and waiting for its teardown would delay the next.
        reap_finished()
        if rerun_line in (RERUN, NO_RERUN):
            return rerun_line == RERUN, payload
        return own_result("crash", "the process running solve() sent an unreadable result", elapsed)
    _, wait_status = os.waitpid(pid, 0)
    return interpret_child_end(status, wait_status, elapsed, timeout_seconds)


RERUN, NO_RERUN = b"T", b"U"


def report_config(module, config, limits, memory, write_fd, *, traced, then_exit=False):
    """Verifies one configuration here and writes whether to rerun it traced, and its result;
    then_exit ends the process right after, before it spends time freeing what it built.

    A module-level function, not part of run_child's closure, so the worker can warm it up
    (sandbox_warmup) and every forked child runs it already specialized.
    """
    me = os.getpid()
    outcome = verify_config(module, config, limits, traced=traced, record_trace=not traced, memory_before=memory)
    if os.getpid() == me:  # processes the environment forked come back here too
        rerun = not traced and needs_traced_run(outcome, limits)
        write_all(write_fd, b"%s\n%s\n" % (RERUN if rerun else NO_RERUN, encode_json(outcome)))
    if then_exit:
        os._exit(0)


def own_result(kind, message, elapsed):
    """A result this host writes itself, in run_child's (rerun, JSON) form: never rerun."""
    return False, encode_json(result(kind, message, seconds=elapsed))


def reap_finished():
    """Reaps the children that have ended by now; a killed one is reaped on a later call.

    Only after a child's result is read, so it never takes a status run_child still needs.
    """
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def interpret_child_end(status, wait_status, elapsed, timeout_seconds):
    """The result of a child that sent none, in run_child's (rerun, JSON) form."""
    return False, encode_json(child_end_result(status, wait_status, elapsed, timeout_seconds))


def child_end_result(status, wait_status, elapsed, timeout_seconds):
    """The result of a process that ran a configuration and ended without reporting it."""
    if status == "too_long":
        return result("crash", "the process running solve() flooded its result channel", seconds=elapsed)
    if status == "timeout" or (os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGXCPU):
        return result("timeout", f"exceeded the {timeout_seconds:g} s time limit", seconds=elapsed)
    if os.WIFEXITED(wait_status) and os.WEXITSTATUS(wait_status) == EXIT_OUT_OF_MEMORY:
        return result("memory", "ran out of memory", seconds=elapsed)
    how = describe_wait_status(wait_status)
    return result("crash", f"the process running solve() {how} before reporting a result", seconds=elapsed)
