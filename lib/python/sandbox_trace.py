"""Records the oracle's calls of env.step(action): tool, parameters and observation."""

import collections
import json

from sandbox_text import safe_text, truncate


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
        tool, parameters = self._describe(action)
        if tool == "Done":
            self.done_called = True
        try:
            returned = self._step(action)
        except BaseException as error:
            self._record(tool, parameters, f"<step raised {type(error).__name__}>")
            raise
        observation = returned[1] if isinstance(returned, tuple) and len(returned) >= 2 else returned
        self._record(tool, parameters, safe_text(observation))
        return returned

    def trace(self):
        calls = self._head + list(self._tail)
        return {"calls": calls, "omitted": self._total - len(calls)}

    def _record(self, tool, parameters, observation):
        self._total += 1
        call = {
            "tool": tool,
            "parameters": parameters,
            "observation": truncate(observation, self._max_observation),
        }
        if len(self._head) < self._head_size:
            self._head.append(call)
        else:
            self._tail.append(call)

    def _describe(self, action):
        """(tool name, parameters as JSON text); the raw action when it is not a tool call."""
        call = action
        if isinstance(action, str):
            try:
                call = json.loads(action)
            except ValueError:
                return "", truncate(action, self._max_parameters)
        if not isinstance(call, dict):
            return "", truncate(safe_text(action), self._max_parameters)
        name = call.get("name")
        try:
            parameters = json.dumps(call.get("parameters", {}), ensure_ascii=False, default=safe_text)
        except (TypeError, ValueError, RecursionError):
            parameters = safe_text(call.get("parameters"))
        tool = name if isinstance(name, str) else ""
        return tool[:200], truncate(parameters, self._max_parameters)


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
