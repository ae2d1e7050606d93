"""CodeGym's verification of one task configuration, run in the current process.

For `<EnvName>@<JSON options>`: find the class EnvName in the environment module, build
`Cls.from_env_str(config)`, call `solve()`; the configuration passes when str(result)
contains "reward=1", and its oracle step count is env.step_count afterwards.
"""

import linecache
import sys
import time
import tracemalloc
import traceback
import types

from sandbox_limits import memory_growth, read_memory_status
from sandbox_text import safe_str, truncate
from sandbox_trace import install_recorder

ENV_MODULE_NAME = "environment"
ENV_FILENAME = "environment.py"
MAX_ENV_FRAMES = 5


def result(kind=None, message="", *, steps=None, seconds=0.0, peak=None, findings=(), trace=None):
    return {
        "passed": kind is None,
        "steps": steps,
        "seconds": seconds,
        "peakMemory": peak,
        "failureKind": kind,
        "message": message,
        "findings": list(findings),
        "trace": trace,
    }


def compile_environment(code):
    """Compiled module code, or raises the error that makes it a syntax_error."""
    code_object = compile(code, ENV_FILENAME, "exec", dont_inherit=True)
    # Tracebacks show source lines for our in-memory file, and never look for it on disk.
    linecache.cache[ENV_FILENAME] = (len(code), None, code.splitlines(True), ENV_FILENAME)
    return code_object


def describe_syntax_error(error):
    """(line, column, message) of a compile failure; line and column are 1-based or None."""
    if isinstance(error, SyntaxError):
        return error.lineno, error.offset, f"{type(error).__name__}: {error.msg}"
    return None, None, f"{type(error).__name__}: {safe_str(error)}"


def load_environment(code_object):
    """Executes the module the way an import would, under its own name."""
    module = types.ModuleType(ENV_MODULE_NAME)
    module.__file__ = ENV_FILENAME
    sys.modules[ENV_MODULE_NAME] = module
    exec(code_object, module.__dict__)
    return module


def describe_error(error, max_chars):
    """Exception type and text, plus the last traceback frames inside the environment."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == ENV_FILENAME]
    lines = [f"{type(error).__name__}: {safe_str(error)}"]
    if frames:
        lines.append("Traceback (innermost last, environment frames only):")
        lines.extend(line.rstrip("\n") for line in traceback.format_list(frames[-MAX_ENV_FRAMES:]))
    return truncate("\n".join(lines), max_chars)


def classify_error(error, usual_kind, max_chars, **fields):
    if isinstance(error, SystemExit):
        return result("crash", f"the environment called sys.exit({safe_str(error)})", **fields)
    if isinstance(error, MemoryError):
        return result("memory", describe_error(error, max_chars), **fields)
    return result(usual_kind, describe_error(error, max_chars), **fields)


def verify_config(module, config, limits, *, traced, record_trace, memory_before=None):
    """One configuration's result. Untraced runs estimate peakMemory from kernel counters
    (growth over memory_before, default now); traced runs measure it with tracemalloc, as
    CodeGym did, and enforce the memory cap."""
    env_name = config.split("@", 1)[0]
    cls = vars(module).get(env_name)
    if not isinstance(cls, type):
        return result("no_class", f"the module defines no class named {env_name!r}")

    max_chars = limits["maxMessageChars"]
    if memory_before is None and not traced:
        memory_before = read_memory_status()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    env = recorder = message = error = None
    stage = "from_env_str"
    try:
        env = cls.from_env_str(config)
        if env is not None:
            stage = "solve"
            if record_trace:
                recorder = install_recorder(env, limits["trace"])
            message = str(env.solve())
    except BaseException as caught:
        error = caught
    seconds = time.perf_counter() - started
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        peak = memory_growth(memory_before, read_memory_status())

    fields = {
        "steps": _step_count(env),
        "seconds": seconds,
        "peak": peak,
        "trace": recorder.trace() if recorder else None,
    }
    timeout_seconds = limits["timeoutMs"] / 1000
    if seconds > timeout_seconds:
        return result("timeout", f"exceeded the {timeout_seconds:g} s time limit", **fields)
    if traced and peak > limits["memoryBytes"]:
        cap = limits["memoryBytes"] / 2**20
        return result("memory", f"peak memory {peak / 2**20:.1f} MiB exceeds the {cap:g} MiB limit", **fields)
    if error is not None:
        return classify_error(error, "bad_config" if stage == "from_env_str" else "exception", max_chars, **fields)
    if env is None:
        return result("bad_config", f"{env_name}.from_env_str returned None", **fields)
    passed = "reward=1" in message
    message = truncate(message, max_chars)
    if not passed:
        return result("wrong_answer", message, **fields)
    return result(None, message, findings=_findings(env, recorder), **fields)


def _findings(env, recorder):
    """A pass CodeGym accepts although the oracle never earned it through Done."""
    if recorder is None:
        return []
    reward = _attribute(env, "_reward")
    earned = recorder.done_called and type(reward) in (int, float, bool) and reward == 1
    return [] if earned else ["unearned_reward"]


def _step_count(env):
    count = _attribute(env, "step_count")
    if type(count) is int and abs(count) < 2**53:
        return count
    return None


def _attribute(obj, name):
    if obj is None:
        return None
    try:
        return getattr(obj, name, None)
    except Exception:
        return None
