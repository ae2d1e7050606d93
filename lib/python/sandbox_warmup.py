"""Readies the worker once, before it forks any environment host.

Every page a forked process writes is copied first (a page fault each), and CPython 3.11
writes to code objects while it warms them up and specializes them. So what every host and
every configuration's child would otherwise do from cold is done here once, and inherited:
- the modules environments import (CodeGym's import gymnasium, ast, json; and stateless
  standard modules they commonly use) are imported here, instead of compiled from source or
  loaded in every host. Not random: it reseeds itself in every forked child anyway, but
  importing it here would add that reseed to every child of every environment;
- our verification path (report_config, the step recorder, the result encoder) and the
  standard functions an oracle runs on every step (json, ast.literal_eval) run a few times
  on an environment of our own, so children run them already specialized;
- gc.freeze(): a host's collections then never walk (and so never copy) these objects.

None of this runs environment code, and nothing it leaves behind is environment state: each
configuration still starts from its host's freshly loaded module.
"""

import ast
import bisect  # noqa: F401  (imported for the hosts, see above)
import collections  # noqa: F401
import copy  # noqa: F401
import functools  # noqa: F401
import gc
import heapq  # noqa: F401
import itertools  # noqa: F401
import json
import math  # noqa: F401
import os
import re  # noqa: F401
import string  # noqa: F401
import types

import gymnasium

from sandbox_host import report_config
from sandbox_limits import read_memory_status

# More than CPython 3.11's warm-up delay (8 calls) before it quickens a code object.
WARMUP_RUNS = 16
WARMUP_LIMITS = {
    "timeoutMs": 2000,
    "memoryBytes": 100 * 2**20,
    "maxMessageChars": 4000,
    "maxResultBytes": 1 << 20,
    "trace": {"maxCalls": 8, "maxObservationChars": 64, "maxParameterChars": 64},
}


class WarmupEnv(gymnasium.Env):
    """A CodeGym-shaped environment of ours: options by ast.literal_eval, JSON actions."""

    def __init__(self, options):
        super().__init__()
        self.items = list(options["items"])
        self.step_count = 0
        self._reward = 0

    @staticmethod
    def from_env_str(env_str):
        return WarmupEnv(ast.literal_eval(env_str.split("@", 1)[1]))

    def step(self, action):
        self.step_count += 1
        call = json.loads(action)
        name, parameters = call["name"], call.get("parameters", {})
        if name == "Done":
            self._reward = int(parameters["answer"] == sum(self.items))
            return True, f"Result: {'Correct' if self._reward else 'Incorrect'}, reward={self._reward}"
        return True, str(self.items[parameters["index"]])

    def solve(self):
        total = 0
        for index in range(len(self.items)):
            _, observation = self.step(json.dumps({"name": "GetItem", "parameters": {"index": index}}))
            total += int(observation)
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": total}}))[1]


def warm_up():
    module = types.ModuleType("warmup")  # not in sys.modules: hosts load "environment" there
    module.WarmupEnv = WarmupEnv
    configs = [f'WarmupEnv@{{"items": {list(range(n % 12))}}}' for n in range(WARMUP_RUNS)]
    read_fd, write_fd = os.pipe()
    try:
        for config in configs:
            report_config(module, config, WARMUP_LIMITS, read_memory_status(), write_fd, traced=False)
            os.read(read_fd, 1 << 16)  # each report is far smaller than a pipe's buffer
    finally:
        os.close(read_fd)
        os.close(write_fd)
    gc.collect()
    gc.freeze()
