"""Entry point of the sandboxed Python process; lib/sandbox starts it under bubblewrap.

    sandbox_runner.py pool   '<settings JSON>'   persistent worker (sandbox_worker)
    sandbox_runner.py single '<settings JSON>'   one configuration, CodeGym's way

settings: {"maxProcesses": int, "maxFileBytes": int}. Commands arrive on stdin, answers
leave on fd 3; environment code never sees either, nor writes to them.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sandbox_host import address_space_headroom, load_or_fail  # noqa: E402
from sandbox_io import LineReader, redirect_to_devnull, write_message  # noqa: E402
from sandbox_limits import (  # noqa: E402
    apply_process_limits,
    forbid_ptrace,
    limit_address_space,
    limit_cpu_seconds,
)
from sandbox_verify import verify_config  # noqa: E402
from sandbox_worker import COMMANDS_FD, MAX_COMMAND_BYTES, RESULTS_FD, serve  # noqa: E402

# The single run includes interpreter start and module load in its CPU budget.
SINGLE_CPU_MARGIN_SECONDS = 2


def run_single():
    """CodeGym's way: this process loads the module and runs one configuration traced."""
    status, line = LineReader(COMMANDS_FD, MAX_COMMAND_BYTES).read_line()
    if status != "line":
        return
    command = json.loads(line)
    limits = command["limits"]
    redirect_to_devnull(0, 1, 2)
    limit_cpu_seconds(limits["timeoutMs"] / 1000 + SINGLE_CPU_MARGIN_SECONDS)
    limit_address_space(2 * address_space_headroom(limits))
    module, failure = load_or_fail(command["code"], limits)
    if failure is not None:
        write_message(RESULTS_FD, {"type": "result", "result": failure})
        return
    limit_address_space(address_space_headroom(limits))
    outcome = verify_config(module, command["config"], limits, traced=True, record_trace=False)
    write_message(RESULTS_FD, {"type": "result", "result": outcome})


def main():
    mode, settings = sys.argv[1], json.loads(sys.argv[2])
    os.closerange(RESULTS_FD + 1, os.sysconf("SC_OPEN_MAX"))  # bubblewrap's data descriptors
    apply_process_limits(settings["maxProcesses"], settings["maxFileBytes"])
    forbid_ptrace()
    if mode == "pool":
        serve("%d.%d.%d" % sys.version_info[:3])
    elif mode == "single":
        run_single()
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
