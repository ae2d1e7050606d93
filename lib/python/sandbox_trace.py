"""Records the oracle's calls of env.step(action): tool, parameters and observation."""

import collections
import json

from sandbox_text import safe_text, truncate

# Every step of the oracle goes through the recorder, in a freshly forked process where each
# newly touched page costs a copy-on-write fault. So a step only keeps references to the
# action and observation strings the environment made anyway; they are parsed when the trace
# is built, one at a time, reusing the same memory. json's C scanner and encoder are called
# directly: json.loads and json.dumps add layers of Python (and dumps with options builds an
# encoder per call). No circular-reference markers: parsed JSON has none, and an
# environment's own circular object ends in RecursionError, caught below.
_scan_json = json.decoder.JSONDecoder().scan_once
_encode_json = json.encoder.c_make_encoder(
    None, safe_text, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
)
# Actions longer than this are described at once instead of kept whole until the end.
_KEEP_ACTION_CHARS = 1 << 16


class _Described:
    """An action already reduced to (tool, parameters text)."""

    __slots__ = ("tool", "parameters")

    def __init__(self, tool, parameters):
        self.tool = tool
        self.parameters = parameters


class StepRecorder:
    """Wraps an environment's step; keeps the first and last calls when there are too many."""

    def __init__(self, step, limits):
        self._step = step
        self._max_observation = limits["maxObservationChars"]
        self._max_parameters = limits["maxParameterChars"]
        half = limits["maxCalls"] // 2
        self._head_size = limits["maxCalls"] - half
        self._head = []
        self._tail = collections.deque(maxlen=half)
        self._total = 0
        self.done_called = False

    def __call__(self, action):
        described = None
        if not self.done_called and self._may_be_done(action):
            described = self._describe(action)
            self.done_called = described.tool == "Done"
        if isinstance(action, str) and len(action) <= _KEEP_ACTION_CHARS:
            kept = action
        else:  # too long to keep, or an object of the environment's that it may still change
            kept = described or self._describe(action)
        try:
            returned = self._step(action)
        except BaseException as error:
            self._record(kept, f"<step raised {type(error).__name__}>")
            raise
        observation = returned[1] if isinstance(returned, tuple) and len(returned) >= 2 else returned
        self._record(kept, safe_text(observation))
        return returned

    def trace(self):
        calls = []
        for action, observation in self._head + list(self._tail):
            described = action if isinstance(action, _Described) else self._describe(action)
            calls.append({"tool": described.tool, "parameters": described.parameters, "observation": observation})
        return {"calls": calls, "omitted": self._total - len(calls)}

    def _record(self, action, observation):
        self._total += 1
        call = (action, truncate(observation, self._max_observation))
        if len(self._head) < self._head_size:
            self._head.append(call)
        else:
            self._tail.append(call)

    @staticmethod
    def _may_be_done(action):
        return "Done" in action if isinstance(action, str) else isinstance(action, dict)

    def _describe(self, action):
        """The tool name and the parameters as JSON text; the raw action when it is not a call."""
        call = action
        if isinstance(action, str):
            try:
                call, _ = _scan_json(action, 0)
            except (StopIteration, ValueError, RecursionError):
                return _Described("", truncate(action, self._max_parameters))
        if not isinstance(call, dict):
            return _Described("", truncate(safe_text(action), self._max_parameters))
        name = call.get("name")
        tool = name[:200] if isinstance(name, str) else ""
        try:
            parameters = "".join(_encode_json(call.get("parameters", {}), 0))
        except (TypeError, ValueError, RecursionError):
            parameters = safe_text(call.get("parameters"))
        return _Described(tool, truncate(parameters, self._max_parameters))


def install_recorder(env, limits):
    """Routes env.step through a StepRecorder; None when the environment refuses it."""
    try:
        recorder = StepRecorder(env.step, limits)
        env.step = recorder
        return recorder
    except Exception:
        pass
    try:
        cls = type(env)
        recorder = StepRecorder(cls.step.__get__(env, cls), limits)
        cls.step = lambda self, action: recorder(action)
        return recorder
    except Exception:
        return None
