"""Declarative description of a problem template and its tools.

A template owns the problem-specific Python text of an environment (reset, reference
answer, required tools, oracle) plus two plain-Python functions the generator uses:
`make_options(rng, steps)` builds a configuration whose oracle takes exactly `steps`
tool calls, and `count_steps(options)` states that count analytically. The rendered
class skeleton (dispatch, Done, from_env_str, ...) is shared and lives in render.py.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

Options = dict[str, Any]


@dataclass(frozen=True)
class Param:
    name: str
    annotation: str  # as written in the signature ("" for none)
    doc_type: str  # type shown in the Args: section
    doc: str


@dataclass(frozen=True)
class Tool:
    """One tool method. `key` names it inside oracle code (`$key` placeholders)."""

    key: str
    names: tuple[str, ...]  # CamelCase name variants; one is picked per environment
    summaries: tuple[str, ...]  # description variants
    body: str  # method body, dedented; uses the parameter names as locals
    params: tuple[Param, ...] = ()
    returns: str = "str: The result of the operation."
    examples: tuple[str, ...] = ('"0"',)  # Example Output variants (already quoted)
    notes: tuple[str, ...] = ()  # optional extra description sentences

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", textwrap.dedent(self.body).strip("\n"))


@dataclass(frozen=True)
class Template:
    key: str
    stems: tuple[str, ...]  # EnvName stems ("ListSum" -> "ListSumKavoEnv")
    reset: str  # body of reset(options): set instance attributes
    ref: str  # body of get_ref_answer()
    ref_bug: str  # a plausible wrong get_ref_answer() for the fail-on-purpose environments
    tools: tuple[Tool, ...]  # tools the oracle needs, Done excluded (rendered generically)
    answer: Param  # Done's parameter
    solve: str  # body of solve(); `$key` is replaced by the tool's chosen name
    tasks: tuple[str, ...]  # problem statement variants for gym_task
    make_options: Callable[[random.Random, int], Options]
    count_steps: Callable[[Options], int]
    min_steps: int
    max_steps: int
    imports: tuple[str, ...] = ()  # standard-library modules beyond json and ast
    extra_tools: tuple[Tool, ...] = ()  # instance-aware helpers the oracle does not need
    compare: str = "answer == ref_answer"  # Done's correctness test
    example_steps: int = field(default=0)  # steps of the small demo config (0: min_steps + 3)

    def __post_init__(self) -> None:
        for name in ("reset", "ref", "ref_bug", "solve"):
            object.__setattr__(self, name, textwrap.dedent(getattr(self, name)).strip("\n"))
        if not self.example_steps:
            object.__setattr__(self, "example_steps", min(self.max_steps, self.min_steps + 3))

    @property
    def required_tool_count(self) -> int:
        return len(self.tools) + 1  # + Done
