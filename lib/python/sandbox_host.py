"""The environment host: loads one environment's module once, then verifies each of its
configurations in a forked child and reports to the worker over a pipe.

It runs the environment's module-level code, so it is disposable: the worker forks a fresh
host for every task and kills it (and everything it started) afterwards.
"""

import json
import os
import random
import signal
import sys
import time

from sandbox_io import (
    EXIT_CANNOT_FORK,
    EXIT_OUT_OF_MEMORY,
    LineReader,
    describe_wait_status,
    fork_with_pipe,
    redirect_to_devnull,
    write_message,
)
from sandbox_limits import limit_address_space, limit_cpu_seconds
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


def host_main(task, start_index, out_fd):
    """Loads the module, then verifies configurations from start_index on, in order."""
    redirect_to_devnull(0, 1, 2)
    os.close(3)  # the worker's channel to Node
    limits = task["limits"]
    limit_address_space(2 * address_space_headroom(limits))
    module, failure = load_or_fail(task["code"], limits)
    if failure is not None:
        write_message(out_fd, {"type": "load_failed", "result": failure})
        return
    write_message(out_fd, {"type": "loaded"})
    try:
        for index in range(start_index, len(task["configs"])):
            outcome = verify_isolated(module, task["configs"][index], limits, out_fd)
            write_message(out_fd, {"type": "result", "index": index, "result": outcome})
    except BlockingIOError:
        os._exit(EXIT_CANNOT_FORK)


def verify_isolated(module, config, limits, host_fd):
    """Runs the configuration untraced; reruns it under tracemalloc when time or memory come
    near a limit, so the verdict stays the one CodeGym's always-traced run would give."""
    first = run_child(module, config, limits, host_fd, traced=False)
    if not needs_traced_run(first, limits):
        return first
    second = run_child(module, config, limits, host_fd, traced=True)
    second["trace"] = first["trace"]
    if second["passed"]:
        second["findings"] = first["findings"]
    return second


def needs_traced_run(outcome, limits):
    if outcome["failureKind"] in ("timeout", "memory", "crash", "no_class"):
        return False
    slow = outcome["seconds"] * TRACED_SLOWDOWN_BOUND > limits["timeoutMs"] / 1000
    large = (outcome["peakMemory"] or 0) > limits["memoryBytes"] * TRACED_MEMORY_FRACTION
    return slow or large


def run_child(module, config, limits, host_fd, *, traced):
    timeout_seconds = limits["timeoutMs"] / 1000

    def child(write_fd):
        os.close(host_fd)
        os.setpgid(0, 0)
        limit_address_space(address_space_headroom(limits))
        limit_cpu_seconds(timeout_seconds + 1)
        if "random" in sys.modules:
            random.seed()  # a fresh process would have drawn its own seed
        me = os.getpid()
        outcome = verify_config(module, config, limits, traced=traced, record_trace=not traced)
        if os.getpid() == me:  # processes the environment forked come back here too
            write_message(write_fd, outcome)

    started = time.monotonic()
    pid, read_fd = fork_with_pipe(child)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child got there first, or has already exited
    reader = LineReader(read_fd, limits["maxResultBytes"])
    status, line = reader.read_line(started + timeout_seconds + KILL_GRACE_SECONDS)
    elapsed = time.monotonic() - started
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    _, wait_status = os.waitpid(pid, 0)
    os.close(read_fd)
    return interpret_child(status, line, wait_status, elapsed, timeout_seconds)


def interpret_child(status, line, wait_status, elapsed, timeout_seconds):
    if status == "line":
        try:
            outcome = json.loads(line)
        except (ValueError, RecursionError):
            outcome = None
        if isinstance(outcome, dict):
            return outcome
        return result("crash", "the process running solve() sent an unreadable result", seconds=elapsed)
    if status == "too_long":
        return result("crash", "the process running solve() flooded its result channel", seconds=elapsed)
    if status == "timeout" or (os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGXCPU):
        return result("timeout", f"exceeded the {timeout_seconds:g} s time limit", seconds=elapsed)
    if os.WIFEXITED(wait_status) and os.WEXITSTATUS(wait_status) == EXIT_OUT_OF_MEMORY:
        return result("memory", "ran out of memory", seconds=elapsed)
    how = describe_wait_status(wait_status)
    return result("crash", f"the process running solve() {how} before reporting a result", seconds=elapsed)
