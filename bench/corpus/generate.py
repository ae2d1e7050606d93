#!/usr/bin/env python3
"""Synthetic CodeGym corpus at the paper's scale, deterministic from a seed.

Every environment is a valid, runnable CodeGym environment: the oracle reads the
hidden list item by item through tools (Observe, then one Get per item, then Done),
so a configuration's oracle step count is len(items) + 2 and is chosen per
configuration to follow a heavy-tailed distribution with the paper's mean (44.07).
Extra documented tools bring tool counts to the paper's mean (6.52). A small,
seed-controlled fraction of environments has a buggy reference answer and fails
on purpose. Writes records.jsonl, sources/ and training.jsonl, like CodeGym.

    python3 bench/corpus/generate.py [--envs 13116] [--configs 86165] [--seed 1] [--out bench/out/corpus]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib", "python"))
from codegym_parse import docs_block  # noqa: E402

PAPER_ENVS, PAPER_CONFIGS = 13116, 86165
MEAN_STEPS, MEAN_TOOLS = 44.07, 6.52
SUBSETS = [("Leetcode", 0.45), ("Codeforces", 0.30), ("Code_Contests", 0.25)]
INSTRUCTIONS = (
    "You are solving a task inside an interactive environment. Each turn, call exactly one of the "
    "functions above by replying with a JSON object {\"name\": ..., \"parameters\": {...}}. Use the "
    "observations to work out the answer, then submit it with Done."
)

# The problem: what the oracle computes from the items it reads.
PROBLEMS = {
    "Sum": ("the sum of all the numbers", "sum(self.items)", "sum(values)"),
    "Max": ("the largest number", "max(self.items)", "max(values)"),
    "Min": ("the smallest number", "min(self.items)", "min(values)"),
    "EvenCount": ("how many numbers are even", "sum(1 for v in self.items if v % 2 == 0)", "sum(1 for v in values if v % 2 == 0)"),
    "Range": ("the difference between the largest and the smallest number", "max(self.items) - min(self.items)", "max(values) - min(values)"),
    "SquareSum": ("the sum of the squares of the numbers", "sum(v * v for v in self.items)", "sum(v * v for v in values)"),
}

# Helper tools the oracle does not need; each with a full CodeGym-style docstring.
EXTRA_TOOLS = [
    ("AddNumbers", "a: int, b: int", [("a", "int", "the first addend"), ("b", "int", "the second addend")], "str: the sum a + b.", '"7"', "return str(a + b)"),
    ("MultiplyNumbers", "a: int, b: int", [("a", "int", "the first factor"), ("b", "int", "the second factor")], "str: the product a * b.", '"12"', "return str(a * b)"),
    ("CompareNumbers", "a: int, b: int", [("a", "int", "the left number"), ("b", "int", "the right number")], "str: \"-1\", \"0\" or \"1\" as a is below, equal to or above b.", '"1"', "return str((a > b) - (a < b))"),
    ("IsEven", "value: int", [("value", "int", "the number to test")], "str: \"True\" when value is even, else \"False\".", '"True"', "return str(value % 2 == 0)"),
    ("GetLength", "", [], "str: the number of hidden items.", '"5"', "return str(len(self.items))"),
    ("AbsoluteValue", "value: int", [("value", "int", "the number")], "str: |value|.", '"3"', "return str(abs(value))"),
    ("MaxOfTwo", "a: int, b: int", [("a", "int", "the first number"), ("b", "int", "the second number")], "str: the larger of a and b.", '"9"', "return str(max(a, b))"),
    ("MinOfTwo", "a: int, b: int", [("a", "int", "the first number"), ("b", "int", "the second number")], "str: the smaller of a and b.", '"2"', "return str(min(a, b))"),
    ("Negate", "value: int", [("value", "int", "the number")], "str: -value.", '"-4"', "return str(-value)"),
    ("Remainder", "a: int, b: int", [("a", "int", "the dividend"), ("b", "int", "the divisor, not zero")], "str: a modulo b, or an error for b = 0.", '"1"', "return str(a % b) if b else \"Error: division by zero\""),
]


def split_total(rng: random.Random, total: int, parts: int, low: int, high: int) -> list[int]:
    """`parts` integers in [low, high] with the exact sum `total`, spread around the mean."""
    mean = total / parts
    counts = [max(low, min(high, round(rng.gammavariate(2.0, mean / 2.0)))) for _ in range(parts)]
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(parts)
        step = 1 if diff > 0 else -1
        if low <= counts[i] + step <= high:
            counts[i] += step
            diff -= step
    return counts


def step_count(rng: random.Random) -> int:
    # Log-normal with the paper's mean; clamped to what an oracle here can take.
    sigma = 1.0
    mu = math.log(MEAN_STEPS) - sigma * sigma / 2
    return max(3, min(4000, round(rng.lognormvariate(mu, sigma))))


def tool_count(rng: random.Random) -> int:
    return max(3, min(3 + len(EXTRA_TOOLS), round(rng.gauss(MEAN_TOOLS, 1.7))))


def doc(summary: str, args: list[tuple[str, str, str]], returns: str, example: str, indent: str = "        ") -> str:
    lines = [f'{indent}r"""{summary}', ""]
    if args:
        lines.append(f"{indent}Args:")
        lines += [f"{indent}    {n} ({t}): {d}." for n, t, d in args]
    lines.append(f"{indent}Returns:")
    lines.append(f"{indent}    {returns}")
    lines += ["", f"{indent}Example Output:", f"{indent}    {example}", f'{indent}"""']
    return "\n".join(lines)


def render(cls: str, problem: str, extras: list[tuple], buggy: bool) -> str:
    what, ref_expr, _ = PROBLEMS[problem]
    tools = ["Observe", "GetItem", *[e[0] for e in extras], "Done"]
    mapping = ", ".join(f'"{name}": {i}' for i, name in enumerate(tools))
    ref = ref_expr + (" + (1 if len(self.items) % 3 == 0 else 0)" if buggy else "")
    dispatch = [
        '        if name == "Observe":\n            return True, self.Observe()',
        '        if name == "GetItem":\n            return True, self.GetItem(params["index"])',
    ]
    for name, _sig, args, *_ in extras:
        call = ", ".join(f'params["{a[0]}"]' for a in args)
        dispatch.append(f'        if name == "{name}":\n            return True, self.{name}({call})')
    dispatch.append('        if name == "Done":\n            return True, self.Done(params["answer"])')
    methods = [
        "    def Observe(self):\n"
        + doc("Show how many hidden numbers there are.", [], "str: a sentence giving the number of items.", '"There are 5 hidden numbers, at indexes 0 to 4."')
        + '\n        return f"There are {len(self.items)} hidden numbers, at indexes 0 to {len(self.items) - 1}."',
        "    def GetItem(self, index: int):\n"
        + doc("Reveal the hidden number at one index.", [("index", "int", "a position from 0 to n - 1")], "str: the number, or an error for an index out of range.", '"42"')
        + '\n        if not 0 <= index < len(self.items):\n            return "Error: index out of range"\n        return str(self.items[index])',
    ]
    for name, sig, args, returns, example, body in extras:
        params = f"self, {sig}" if sig else "self"
        methods.append(f"    def {name}({params}):\n" + doc(f"Helper: {returns.split(': ', 1)[1].rstrip('.')}.", list(args), returns, example) + f"\n        {body}")
    methods.append(
        "    def Done(self, answer: int):\n"
        + doc(f"Submit {what} as the final answer.", [("answer", "int", "the submitted answer")], "str: the verdict, ending with the reward.", '"Your answer 12 is correct. reward=1"')
        + "\n        self._reward = 1 if answer == self.get_ref_answer() else 0\n        self._done = True\n"
        + '        verdict = "correct" if self._reward else "incorrect"\n        return f"Your answer {answer} is {verdict}. reward={self._reward}"'
    )
    _, _, oracle_expr = PROBLEMS[problem]
    return f'''import gymnasium
import ast
import json


class {cls}(gymnasium.Env):
    """Find {what} in a hidden list, reading it one item at a time."""

    def __init__(self, env_str: str = None):
        super().__init__()
        self.func_mapping = {{{mapping}}}
        self.reset(ast.literal_eval(env_str.split("@", 1)[1]) if env_str else {{}})

    @staticmethod
    def from_env_str(env_str: str):
        prefix = "{cls}@"
        if not env_str.startswith(prefix):
            return None
        return {cls}(env_str)

    def reset(self, options: dict = {{}}):
        self.items = list(options.get("items", [0]))
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment reset."

    def get_ref_answer(self):
        return {ref}

    def step(self, action: str):
        self.step_count += 1
        try:
            call = json.loads(action)
            name, params = call["name"], call.get("parameters", {{}})
        except (ValueError, KeyError, TypeError) as error:
            return True, f"Error: invalid action: {{error}}"
{chr(10).join(dispatch)}
        return True, f"Error: unknown tool {{name}}"

{chr(10).join(m + chr(10) for m in methods)}
    def solve(self):
        observation = self.step(json.dumps({{"name": "Observe", "parameters": {{}}}}))[1]
        n = int(observation.split()[2])
        values = []
        for i in range(n):
            values.append(int(self.step(json.dumps({{"name": "GetItem", "parameters": {{"index": i}}}}))[1]))
        return self.step(json.dumps({{"name": "Done", "parameters": {{"answer": {oracle_expr}}}}}))[1]
'''


def unique_name(rng: random.Random, problem: str, used: set[str]) -> str:
    while True:
        suffix = "".join(rng.choice(string.ascii_lowercase) for _ in range(5)).capitalize()
        name = f"{problem}{suffix}Env"
        if name not in used:
            used.add(name)
            return name


def ref_answer(problem: str, items: list[int], buggy: bool) -> int:
    value = eval(PROBLEMS[problem][1].replace("self.items", "items"), {}, {"items": items})  # our own expression
    return value + (1 if buggy and len(items) % 3 == 0 else 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--envs", type=int, default=PAPER_ENVS)
    ap.add_argument("--configs", type=int, default=None, help="total configurations (default: the paper's ratio)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fail-rate", type=float, default=0.03)
    ap.add_argument("--out", default="bench/out/corpus")
    args = ap.parse_args()
    total = args.configs or round(args.envs * PAPER_CONFIGS / PAPER_ENVS)
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "sources"), exist_ok=True)
    per_env = split_total(rng, total, args.envs, 1, 20)
    used: set[str] = set()
    stats = {"tools": 0, "steps": 0, "configs": 0}
    with open(os.path.join(args.out, "records.jsonl"), "w") as records, open(os.path.join(args.out, "training.jsonl"), "w") as training:
        for e, n_configs in enumerate(per_env):
            problem = rng.choice(sorted(PROBLEMS))
            cls = unique_name(rng, problem, used)
            subset = rng.choices([s for s, _ in SUBSETS], [w for _, w in SUBSETS])[0]
            code_id = f"{subset}_{100000 + e}_I"
            extras = rng.sample(EXTRA_TOOLS, tool_count(rng) - 3)
            buggy = rng.random() < args.fail_rate
            source = render(cls, problem, extras, buggy)
            block = docs_block(source)
            task = f"\nYou are given a hidden list of integers. Find {PROBLEMS[problem][0]}. Read the list through the tools, then submit the answer with Done."
            tests = []
            for c in range(n_configs):
                steps = step_count(rng)
                items = [rng.randint(-999, 999) for _ in range(steps - 2 if steps > 2 else 1)]
                options = json.dumps({"items": items})
                config = f"{cls}@{options}"
                ok = not buggy or len(items) % 3 != 0
                tests.append({"unit_test": config, "ref_answer": ref_answer(problem, items, buggy), "solve_fc_round": len(items) + 2, "time": None, "mem": None})
                score = rng.choice([0, 0.25, 0.5, 0.75, 1, None])
                training.write(json.dumps({
                    "data_source": "codegym_gym_v1",
                    "ability": f"codegym_v1@{code_id}__{cls}@{options}",
                    "code_id": code_id,
                    "prompt": [
                        {"role": "system", "name": "functions", "content": block},
                        {"role": "user", "name": "", "content": INSTRUCTIONS + "\n\nQuestion:\n\n" + task},
                    ],
                    "reward_model": {"style": "agent_env", "ground_truth": None},
                    "answer": "There is no answer",
                    "plugin_call_max_round": 256,
                    "extra_info": {"index": f"{e}-{c}", "solve_fc_round": len(items) + 2, "qwen32b_Bo4_score": score, "qwen32b_Bo8_score": None if score is None else rng.choice([i / 8 for i in range(9)])},
                }) + "\n")
                stats["steps"] += len(items) + 2
                del ok
            stats["tools"] += 3 + len(extras)
            stats["configs"] += n_configs
            with open(os.path.join(args.out, "sources", f"{code_id}__{cls}.py"), "w") as f:
                f.write(source)
            records.write(json.dumps({"code_id": code_id, "env_name": cls, "gym_env": source, "gym_task": task, "docstring": block, "unit_test_list": tests}) + "\n")
    print(json.dumps({"environments": args.envs, "configurations": stats["configs"], "mean_tools": round(stats["tools"] / args.envs, 2), "mean_steps": round(stats["steps"] / stats["configs"], 2), "out": args.out}))


if __name__ == "__main__":
    main()
