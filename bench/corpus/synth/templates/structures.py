"""Templates whose tools drive a data structure held by the environment
(stack, heap, in-place sorting, interval merging, prefix tables)."""

from __future__ import annotations

import random

from ..model import Param, Template, Tool
from ._common import ints, observe

POS_I = Param("i", "int", "int", "The first position.")
POS_J = Param("j", "int", "int", "The second position.")


def _bubble_options(rng: random.Random, steps: int) -> dict:
    # Steps = n(n-1)/2 comparisons + one swap per inversion + Observe twice + Done.
    sizes = [n for n in range(1, 90) if n * (n - 1) // 2 + 3 <= steps <= n * (n - 1) + 3]
    n = rng.choice(sizes)
    inversions = steps - 3 - n * (n - 1) // 2
    code = [0] * n  # Lehmer code: code[i] = later elements smaller than element i
    open_slots = [i for i in range(n - 1)]
    for _ in range(inversions):
        k = rng.randrange(len(open_slots))
        i = open_slots[k]
        code[i] += 1
        if code[i] == n - 1 - i:
            open_slots[k] = open_slots[-1]
            open_slots.pop()
    ranks, free = [], list(range(n))
    for c in code:
        ranks.append(free.pop(c))
    values = sorted(rng.sample(range(-99, 100), n))
    return {"arr": [values[r] for r in ranks]}


def _bubble_steps(options: dict) -> int:
    arr = options["arr"]
    n = len(arr)
    inversions = sum(1 for i in range(n) for j in range(i + 1, n) if arr[i] > arr[j])
    return n * (n - 1) // 2 + inversions + 3


BUBBLE_SORT = Template(
    key="bubble_sort",
    stems=("BubbleSort", "AdjacentSwapSort", "CompareSwapSort"),
    reset="""
        self.arr = list(options.get("arr", []))
        self.initial = list(self.arr)
    """,
    ref="return sorted(self.initial)",
    ref_bug="return sorted(self.initial, key=abs)",
    tools=(
        observe(
            "str: The current order of the array as a JSON list.",
            '"[5, 1, 4, 2]"',
            "return json.dumps(self.arr)",
            "Return the array in its current order.",
            "Show the current arrangement of the array.",
        ),
        Tool(
            key="compare",
            names=("Compare", "CompareAt", "IsGreater"),
            summaries=("Tell whether the element at position i is greater than the element at position j.",),
            params=(POS_I, POS_J),
            body='return "1" if self.arr[i] > self.arr[j] else "0"',
            returns='str: "1" if arr[i] > arr[j], otherwise "0".',
            examples=('"1"', '"0"'),
        ),
        Tool(
            key="swap",
            names=("Swap", "SwapPositions", "Exchange"),
            summaries=("Swap the elements at positions i and j of the array.",),
            params=(POS_I, POS_J),
            body="""
                self.arr[i], self.arr[j] = self.arr[j], self.arr[i]
                return f"Swapped positions {i} and {j}"
            """,
            returns="str: A confirmation message.",
            examples=('"Swapped positions 2 and 3"',),
            notes=("The array held by the environment is modified.",),
        ),
    ),
    answer=Param("answer", "list", "list[int]", "The array sorted in ascending order."),
    solve='''
        arr = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        n = len(arr)
        for i in range(n):
            for j in range(n - 1 - i):
                bigger = self.step(json.dumps({"name": "$compare", "parameters": {"i": j, "j": j + 1}}))[1]
                if bigger == "1":
                    self.step(json.dumps({"name": "$swap", "parameters": {"i": j, "j": j + 1}}))
        arr = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": arr}}))[1]
    ''',
    tasks=(
        "Sort an integer array in ascending order using only comparisons and swaps of its elements.",
        "Arrange the array from smallest to largest; the environment only lets you compare and swap elements.",
    ),
    make_options=_bubble_options,
    count_steps=_bubble_steps,
    min_steps=3,
    max_steps=3000,
)


def _kth_options(rng: random.Random, steps: int) -> dict:
    total = steps - 2
    k = rng.randint(1, total // 2)
    return {"nums": ints(rng, total - k, 1, 60), "k": k}


KTH_SMALLEST = Template(
    key="kth_smallest",
    stems=("KthSmallest", "HeapSelect", "OrderStatistic"),
    imports=("heapq",),
    reset="""
        self.nums = options.get("nums", [])
        self.k = options.get("k", 1)
        self.heap = []
    """,
    ref="return sorted(self.nums)[self.k - 1]",
    ref_bug="""
        distinct = sorted(set(self.nums))
        return distinct[min(self.k, len(distinct)) - 1]
    """,
    tools=(
        observe(
            "str: JSON object with the integer list `nums` and the rank `k`.",
            '{"nums": [7, 2, 9], "k": 2}',
            'return json.dumps({"nums": self.nums, "k": self.k})',
            "Return the numbers and the rank k asked for.",
        ),
        Tool(
            key="push",
            names=("HeapPush", "PushHeap", "Insert"),
            summaries=("Insert a value into the environment's min-heap.",),
            params=(Param("value", "int", "int", "The value to insert."),),
            body="""
                heapq.heappush(self.heap, value)
                return f"Pushed {value}, heap size {len(self.heap)}"
            """,
            returns="str: Confirmation with the new heap size.",
            examples=('"Pushed 7, heap size 3"',),
        ),
        Tool(
            key="pop",
            names=("HeapPop", "PopMin", "ExtractMin"),
            summaries=("Remove and return the smallest value of the min-heap.",),
            body="""
                if not self.heap:
                    return "Error: the heap is empty"
                return str(heapq.heappop(self.heap))
            """,
            returns="str: The smallest value.",
            examples=('"2"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The k-th smallest value (counting duplicates)."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        for x in info["nums"]:
            self.step(json.dumps({"name": "$push", "parameters": {"value": x}}))
        value = None
        for _ in range(info["k"]):
            value = int(self.step(json.dumps({"name": "$pop", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": value}}))[1]
    ''',
    tasks=(
        "Find the k-th smallest element of an unsorted list of integers (duplicates count separately).",
        "Given integers and a rank k, report the value that would be at position k if the list were sorted.",
    ),
    make_options=_kth_options,
    count_steps=lambda o: len(o["nums"]) + o["k"] + 2,
    min_steps=4,
    max_steps=3000,
)


def _stack_options(rng: random.Random, steps: int) -> dict:
    ops, size = [], 0
    for _ in range(steps - 2):
        r = rng.random()
        if size == 0 or r < 0.45:
            ops.append(f"push {rng.randint(-20, 99)}")
            size += 1
        elif r < 0.75:
            ops.append("pop")
            size -= 1
        else:
            ops.append("peek")
    return {"ops": ops}


STACK_OPS = Template(
    key="stack_ops",
    stems=("StackSimulator", "StackMachine", "PushPopTrace"),
    reset="""
        self.ops = options.get("ops", [])
        self.stack = []
    """,
    ref="""
        stack, outputs = [], []
        for op in self.ops:
            parts = op.split()
            if parts[0] == "push":
                stack.append(int(parts[1]))
            elif parts[0] == "pop":
                outputs.append(stack.pop())
            else:
                outputs.append(stack[-1])
        return outputs
    """,
    ref_bug="""
        stack, outputs = [], []
        for op in self.ops:
            parts = op.split()
            if parts[0] == "push":
                stack.append(int(parts[1]))
            elif stack:
                outputs.append(stack.pop())
        return outputs
    """,
    tools=(
        observe(
            'str: The operations as a JSON list of strings ("push x", "pop" or "peek").',
            '["push 3", "peek", "pop"]',
            "return json.dumps(self.ops)",
            "Return the list of stack operations to execute.",
        ),
        Tool(
            key="push",
            names=("Push", "PushValue"),
            summaries=("Push an integer onto the stack.",),
            params=(Param("value", "int", "int", "The integer to push."),),
            body="""
                self.stack.append(value)
                return f"Pushed {value}"
            """,
            returns="str: Confirmation message.",
            examples=('"Pushed 3"',),
        ),
        Tool(
            key="pop",
            names=("Pop", "PopValue"),
            summaries=("Remove the top of the stack and return it.",),
            body="""
                if not self.stack:
                    return "Error: the stack is empty"
                return str(self.stack.pop())
            """,
            returns="str: The removed value.",
            examples=('"3"',),
        ),
        Tool(
            key="peek",
            names=("Peek", "Top"),
            summaries=("Return the top of the stack without removing it.",),
            body="""
                if not self.stack:
                    return "Error: the stack is empty"
                return str(self.stack[-1])
            """,
            returns="str: The top value.",
            examples=('"3"',),
        ),
    ),
    answer=Param("answer", "list", "list[int]", "The values produced by the pop and peek operations, in order."),
    solve='''
        ops = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        outputs = []
        for op in ops:
            parts = op.split()
            if parts[0] == "push":
                self.step(json.dumps({"name": "$push", "parameters": {"value": int(parts[1])}}))
            elif parts[0] == "pop":
                outputs.append(int(self.step(json.dumps({"name": "$pop", "parameters": {}}))[1]))
            else:
                outputs.append(int(self.step(json.dumps({"name": "$peek", "parameters": {}}))[1]))
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": outputs}}))[1]
    ''',
    tasks=(
        'Simulate a sequence of stack operations ("push x", "pop", "peek") and report what every pop and peek returns.',
        "Execute the given stack commands in order and collect the outputs of the pop and peek commands.",
    ),
    make_options=_stack_options,
    count_steps=lambda o: len(o["ops"]) + 2,
    min_steps=3,
    max_steps=3000,
)

_OPEN, _CLOSE = "([{", ")]}"


def _balanced(rng: random.Random, length: int) -> list[str]:
    out, stack = [], []
    for pos in range(length):
        remaining = length - pos
        if stack and (remaining == len(stack) or rng.random() < 0.5):
            out.append(_CLOSE[_OPEN.index(stack.pop())])
        else:
            ch = rng.choice(_OPEN)
            stack.append(ch)
            out.append(ch)
    return out


def _parens_options(rng: random.Random, steps: int) -> dict:
    length, kind = steps - 3, rng.random()
    if length % 2 or kind < 0.25:
        return {"text": "".join(rng.choice(_OPEN + _CLOSE) for _ in range(length))}
    chars = _balanced(rng, length)
    closers = [i for i, ch in enumerate(chars) if ch in _CLOSE]
    if kind < 0.6:  # cross two different closers: counts still match, nesting does not
        pairs = [(a, b) for a, b in zip(closers, closers[1:]) if chars[a] != chars[b]]
        if pairs:
            a, b = rng.choice(pairs)
            chars[a], chars[b] = chars[b], chars[a]
    return {"text": "".join(chars)}


BALANCED_PARENS = Template(
    key="balanced_parens",
    stems=("BracketBalance", "ParenthesesValidation", "BracketMatcher"),
    reset="""
        self.text = options.get("text", "")
        self.stack = []
    """,
    ref="""
        pairs = {")": "(", "]": "[", "}": "{"}
        stack = []
        for ch in self.text:
            if ch in "([{":
                stack.append(ch)
            elif not stack or stack.pop() != pairs[ch]:
                return False
        return not stack
    """,
    ref_bug='return all(self.text.count(o) == self.text.count(c) for o, c in ("()", "[]", "{}"))',
    tools=(
        observe(
            "str: The bracket string.",
            '"([]{})"',
            "return self.text",
            "Return the bracket string to validate.",
        ),
        Tool(
            key="push",
            names=("Push", "PushBracket"),
            summaries=("Push an opening bracket onto the environment's stack.",),
            params=(Param("ch", "str", "str", "The opening bracket."),),
            body="""
                self.stack.append(ch)
                return f"Pushed {ch}"
            """,
            returns="str: Confirmation message.",
            examples=('"Pushed ("',),
        ),
        Tool(
            key="pop",
            names=("Pop", "PopBracket"),
            summaries=("Pop the top bracket of the stack.",),
            body="""
                if not self.stack:
                    return "EMPTY"
                return self.stack.pop()
            """,
            returns='str: The popped bracket, or "EMPTY" when the stack is empty.',
            examples=('"["', '"EMPTY"'),
        ),
        Tool(
            key="is_empty",
            names=("IsEmpty", "StackEmpty"),
            summaries=("Tell whether the stack is empty.",),
            body='return "true" if not self.stack else "false"',
            returns='str: "true" or "false".',
            examples=('"true"',),
        ),
    ),
    answer=Param("answer", "bool", "bool", "True if the brackets are balanced and properly nested."),
    solve='''
        text = self.step(json.dumps({"name": "$observe", "parameters": {}}))[1]
        pairs = {")": "(", "]": "[", "}": "{"}
        ok = True
        for ch in text:
            if ch in "([{":
                self.step(json.dumps({"name": "$push", "parameters": {"ch": ch}}))
            else:
                top = self.step(json.dumps({"name": "$pop", "parameters": {}}))[1]
                if top != pairs[ch]:
                    ok = False
        empty = self.step(json.dumps({"name": "$is_empty", "parameters": {}}))[1] == "true"
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": ok and empty}}))[1]
    ''',
    tasks=(
        "Decide whether a string of brackets ()[]{} is balanced: every opening bracket is closed by the matching bracket in the right order.",
        "Check if the given bracket sequence is valid.",
    ),
    make_options=_parens_options,
    count_steps=lambda o: len(o["text"]) + 3,
    min_steps=4,
    max_steps=3000,
)


def _interval_options(rng: random.Random, steps: int) -> dict:
    m = steps - 2
    starts = ints(rng, m, 0, 3 * m)
    return {"intervals": [[a, a + rng.randint(0, 6)] for a in starts]}


INTERVAL_MERGE = Template(
    key="interval_merge",
    stems=("IntervalMerge", "MergeRanges", "OverlapCounter"),
    reset='self.intervals = options.get("intervals", [])',
    ref="""
        merged = []
        for a, b in sorted(self.intervals):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return len(merged)
    """,
    ref_bug="""
        merged = []
        for a, b in sorted(self.intervals):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return len(merged)
    """,
    tools=(
        observe(
            "str: The closed intervals as a JSON list of [start, end] pairs.",
            '"[[1, 3], [2, 6], [8, 10]]"',
            "return json.dumps(self.intervals)",
            "Return the intervals of the instance.",
        ),
        Tool(
            key="sort",
            names=("SortIntervals", "OrderByStart"),
            summaries=("Sort intervals by start, then by end.",),
            params=(Param("intervals", "list", "list[list[int]]", "The intervals to sort."),),
            body="return json.dumps(sorted(intervals))",
            returns="str: The sorted intervals as JSON.",
            examples=('"[[1, 3], [2, 6]]"',),
        ),
        Tool(
            key="merge",
            names=("TryMerge", "MergePair"),
            summaries=("Merge the current interval into the last merged one when they overlap or touch.",),
            params=(
                Param("last", "list", "list[int]", "The last merged interval [start, end]."),
                Param("current", "list", "list[int]", "The next interval in sorted order."),
            ),
            body="""
                if current[0] <= last[1]:
                    return json.dumps([last[0], max(last[1], current[1])])
                return "disjoint"
            """,
            returns='str: The merged interval as JSON, or "disjoint".',
            examples=('"[1, 6]"', '"disjoint"'),
        ),
    ),
    answer=Param("answer", "int", "int", "The number of intervals left after merging."),
    solve='''
        intervals = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        intervals = json.loads(self.step(json.dumps({"name": "$sort", "parameters": {"intervals": intervals}}))[1])
        merged = [intervals[0]]
        for current in intervals[1:]:
            result = self.step(json.dumps({"name": "$merge", "parameters": {"last": merged[-1], "current": current}}))[1]
            if result == "disjoint":
                merged.append(current)
            else:
                merged[-1] = json.loads(result)
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": len(merged)}}))[1]
    ''',
    tasks=(
        "Merge all overlapping (or touching) closed intervals and report how many intervals remain.",
        "Given a collection of integer intervals, count the disjoint blocks they form after merging.",
    ),
    make_options=_interval_options,
    count_steps=lambda o: len(o["intervals"]) + 2,
    min_steps=3,
    max_steps=3000,
)


def _range_options(rng: random.Random, steps: int) -> dict:
    m = rng.randint(5, 25)
    queries = []
    for _ in range(steps - 3):
        left = rng.randrange(m)
        queries.append([left, rng.randrange(left, m)])
    return {"nums": ints(rng, m, 0, 9), "queries": queries}


RANGE_SUM = Template(
    key="range_sum",
    stems=("RangeSumQuery", "PrefixQueries", "SegmentTotals"),
    reset="""
        self.nums = options.get("nums", [])
        self.queries = options.get("queries", [])
    """,
    ref="return [sum(self.nums[l:r + 1]) for l, r in self.queries]",
    ref_bug="return [sum(self.nums[l:r]) for l, r in self.queries]",
    tools=(
        observe(
            "str: JSON object with `nums` and `queries` ([left, right] pairs, inclusive).",
            '{"nums": [3, 1, 4], "queries": [[0, 1], [1, 2]]}',
            'return json.dumps({"nums": self.nums, "queries": self.queries})',
            "Return the array and the range queries.",
        ),
        Tool(
            key="build",
            names=("BuildPrefix", "PrefixTable"),
            summaries=("Build the prefix-sum table of an array.",),
            params=(Param("nums", "list", "list[int]", "The array."),),
            body="""
                prefix = [0]
                for x in nums:
                    prefix.append(prefix[-1] + x)
                return json.dumps(prefix)
            """,
            returns="str: JSON list p with p[0] = 0 and p[i + 1] = p[i] + nums[i].",
            examples=('"[0, 3, 4, 8]"',),
        ),
        Tool(
            key="range",
            names=("RangeSum", "QuerySum"),
            summaries=("Answer one inclusive range-sum query from a prefix table.",),
            params=(
                Param("prefix", "list", "list[int]", "The prefix-sum table."),
                Param("left", "int", "int", "First index of the range."),
                Param("right", "int", "int", "Last index of the range (inclusive)."),
            ),
            body="return str(prefix[right + 1] - prefix[left])",
            returns="str: The sum of nums[left..right].",
            examples=('"5"',),
        ),
    ),
    answer=Param("answer", "list", "list[int]", "The answer to each query, in order."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        prefix = json.loads(self.step(json.dumps({"name": "$build", "parameters": {"nums": info["nums"]}}))[1])
        answers = []
        for left, right in info["queries"]:
            answers.append(int(self.step(json.dumps({"name": "$range", "parameters": {"prefix": prefix, "left": left, "right": right}}))[1]))
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": answers}}))[1]
    ''',
    tasks=(
        "Answer a list of range-sum queries over an integer array; each query [l, r] asks for nums[l] + ... + nums[r].",
        "Given an array and inclusive index ranges, report the sum of each range.",
    ),
    make_options=_range_options,
    count_steps=lambda o: len(o["queries"]) + 3,
    min_steps=4,
    max_steps=3000,
)

TEMPLATES = (BUBBLE_SORT, KTH_SMALLEST, STACK_OPS, BALANCED_PARENS, INTERVAL_MERGE, RANGE_SUM)
