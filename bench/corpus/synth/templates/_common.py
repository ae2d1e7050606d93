"""Pieces shared by several templates."""

from __future__ import annotations

import random

from ..model import Param, Tool

INT_A = Param("a", "int", "int", "The first integer.")
INT_B = Param("b", "int", "int", "The second integer.")
INDEX = Param("index", "int", "int", "Zero-based position in the instance.")


def observe(returns: str, example: str, body: str, *summaries: str) -> Tool:
    """The Observe tool: every template exposes its instance through it."""
    return Tool(
        key="observe",
        names=("Observe",),
        summaries=summaries,
        body=body,
        returns=returns,
        examples=(example,),
    )


def ints(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def word(rng: random.Random, letters: str, lo: int, hi: int) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))
