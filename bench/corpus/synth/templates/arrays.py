"""Templates over one list of integers (scans, folds and dynamic programming)."""

from __future__ import annotations

from ..model import Param, Template, Tool
from ._common import INDEX, INT_A, INT_B, ints, observe

OBSERVE_NUMS = observe(
    "str: The integers of the instance as a JSON list.",
    '"[4, -2, 9, 7]"',
    "return json.dumps(self.nums)",
    "Return the list of integers of the current instance.",
    "Show the integer sequence that the task is about.",
)

GET_LENGTH = Tool(
    key="get_length",
    names=("GetLength", "CountItems"),
    summaries=("Return how many integers the instance holds.",),
    body="return str(len(self.nums))",
    returns="str: The number of integers.",
    examples=('"6"',),
)

GET_ELEMENT = Tool(
    key="get_element",
    names=("GetElement", "ElementAt"),
    summaries=("Return the integer stored at a position.", "Read one integer of the sequence."),
    params=(INDEX,),
    body="return str(self.nums[index])",
    returns="str: The integer at that position.",
    examples=('"-3"', '"15"'),
)

LIST_EXTRAS = (GET_LENGTH, GET_ELEMENT)


def _nums_plus_two(options) -> int:
    return len(options["nums"]) + 2


LIST_SUM = Template(
    key="list_sum",
    stems=("ListSum", "ArrayTotal", "SequenceSum", "NumberTotal"),
    reset='self.nums = options.get("nums", [])',
    ref="return sum(self.nums)",
    ref_bug="return sum(abs(x) for x in self.nums)",
    tools=(
        OBSERVE_NUMS,
        Tool(
            key="add",
            names=("Add", "AddNumbers", "SumPair"),
            summaries=("Add two integers and return their sum.", "Compute a + b."),
            params=(INT_A, INT_B),
            body="return str(a + b)",
            returns="str: The sum of a and b.",
            examples=('"12"', '"-4"'),
        ),
    ),
    answer=Param("answer", "int", "int", "The total of all integers."),
    solve='''
        nums = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        total = 0
        for x in nums:
            total = int(self.step(json.dumps({"name": "$add", "parameters": {"a": total, "b": x}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": total}}))[1]
    ''',
    tasks=(
        "Given a list of integers, compute the sum of all of them.",
        "You are given a sequence of integers. Report their total.",
    ),
    make_options=lambda rng, steps: {"nums": ints(rng, steps - 2, -50, 99)},
    count_steps=_nums_plus_two,
    min_steps=3,
    max_steps=3000,
    extra_tools=LIST_EXTRAS,
)

MAX_ELEMENT = Template(
    key="max_element",
    stems=("MaxElement", "LargestNumber", "PeakValue", "ArrayMaximum"),
    reset='self.nums = options.get("nums", [])',
    ref="return max(self.nums)",
    ref_bug="return max(self.nums, key=str)",
    tools=(
        OBSERVE_NUMS,
        Tool(
            key="max2",
            names=("MaxOfTwo", "Larger", "PairMax"),
            summaries=("Return the larger of two integers.",),
            params=(INT_A, INT_B),
            body="return str(a if a >= b else b)",
            returns="str: max(a, b).",
            examples=('"9"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The largest integer of the list."),
    solve='''
        nums = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        best = nums[0]
        for x in nums[1:]:
            best = int(self.step(json.dumps({"name": "$max2", "parameters": {"a": best, "b": x}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": best}}))[1]
    ''',
    tasks=(
        "Find the maximum element of an integer array.",
        "Given a list of integers, determine the largest value it contains.",
    ),
    make_options=lambda rng, steps: {"nums": ints(rng, steps - 1, -200, 1500)},
    count_steps=lambda o: len(o["nums"]) + 1,
    min_steps=3,
    max_steps=3000,
    extra_tools=LIST_EXTRAS,
)

PREFIX_SUMS = Template(
    key="prefix_sums",
    stems=("PrefixSum", "RunningTotal", "CumulativeSum"),
    reset='self.nums = options.get("nums", [])',
    ref="""
        result, running = [], 0
        for x in self.nums:
            running += x
            result.append(running)
        return result
    """,
    ref_bug="""
        result, running = [], 0
        for x in self.nums:
            running = max(0, running + x)
            result.append(running)
        return result
    """,
    tools=(
        OBSERVE_NUMS,
        Tool(
            key="accumulate",
            names=("Accumulate", "ExtendPrefix"),
            summaries=("Add the next value to a running total.",),
            params=(
                Param("running", "int", "int", "The running total so far."),
                Param("value", "int", "int", "The next value of the sequence."),
            ),
            body="return str(running + value)",
            returns="str: The new running total.",
            examples=('"17"',),
            notes=("Use it once per element, from left to right.",),
        ),
    ),
    answer=Param("answer", "list", "list[int]", "The prefix sums, one per element."),
    solve='''
        nums = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        prefix, running = [], 0
        for x in nums:
            running = int(self.step(json.dumps({"name": "$accumulate", "parameters": {"running": running, "value": x}}))[1])
            prefix.append(running)
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": prefix}}))[1]
    ''',
    tasks=(
        "Compute the running (prefix) sums of an integer array: element i of the answer is the sum of the first i + 1 elements.",
        "Return the list of cumulative totals of a sequence of integers.",
    ),
    make_options=lambda rng, steps: {"nums": ints(rng, steps - 2, -20, 60)},
    count_steps=_nums_plus_two,
    min_steps=3,
    max_steps=3000,
    extra_tools=LIST_EXTRAS,
)


def _window_options(rng, steps):
    windows, k = steps - 2, rng.randint(1, 6)
    lo, hi = (-50, -1) if rng.random() < 0.4 else (-30, 40)
    return {"nums": ints(rng, windows + k - 1, lo, hi), "k": k}


WINDOW_SUM = Template(
    key="window_sum",
    stems=("MaxWindowSum", "SlidingWindow", "BestSegment"),
    reset="""
        self.nums = options.get("nums", [])
        self.k = options.get("k", 1)
    """,
    ref="return max(sum(self.nums[i:i + self.k]) for i in range(len(self.nums) - self.k + 1))",
    ref_bug="""
        best = 0
        for i in range(len(self.nums) - self.k + 1):
            best = max(best, sum(self.nums[i:i + self.k]))
        return best
    """,
    tools=(
        observe(
            "str: JSON object with the integer list `nums` and the window size `k`.",
            '{"nums": [1, -2, 5], "k": 2}',
            'return json.dumps({"nums": self.nums, "k": self.k})',
            "Return the sequence and the window length of the instance.",
        ),
        Tool(
            key="window",
            names=("WindowSum", "SegmentSum"),
            summaries=("Return the sum of k consecutive integers starting at a position.",),
            params=(
                Param("start", "int", "int", "Index of the first element of the window."),
                Param("k", "int", "int", "Window length."),
            ),
            body="return str(sum(self.nums[start:start + k]))",
            returns="str: The window sum.",
            examples=('"23"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The largest window sum."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        nums, k = info["nums"], info["k"]
        best = None
        for start in range(len(nums) - k + 1):
            s = int(self.step(json.dumps({"name": "$window", "parameters": {"start": start, "k": k}}))[1])
            if best is None or s > best:
                best = s
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": best}}))[1]
    ''',
    tasks=(
        "Given an integer array and a window length k, find the maximum sum of any k consecutive elements.",
        "Slide a window of fixed size k over a list of integers and report the best window total.",
    ),
    make_options=_window_options,
    count_steps=lambda o: len(o["nums"]) - o["k"] + 3,
    min_steps=3,
    max_steps=3000,
    extra_tools=(GET_LENGTH,),
)


def _pair_options(rng, steps):
    return {"nums": ints(rng, steps - 2, 0, 20), "target": rng.randint(5, 30)}


PAIR_COUNT = Template(
    key="pair_count",
    stems=("PairSumCount", "TwoSumCounter", "ComplementPairs"),
    reset="""
        self.nums = options.get("nums", [])
        self.target = options.get("target", 0)
    """,
    ref="""
        count = 0
        for i in range(len(self.nums)):
            for j in range(i + 1, len(self.nums)):
                if self.nums[i] + self.nums[j] == self.target:
                    count += 1
        return count
    """,
    ref_bug="""
        count = 0
        for i in range(len(self.nums)):
            for j in range(i, len(self.nums)):
                if self.nums[i] + self.nums[j] == self.target:
                    count += 1
        return count
    """,
    tools=(
        observe(
            "str: JSON object with `nums` and `target`.",
            '{"nums": [2, 7, 11], "target": 9}',
            'return json.dumps({"nums": self.nums, "target": self.target})',
            "Return the integers and the target sum.",
        ),
        Tool(
            key="complements",
            names=("CountComplements", "EarlierMatches"),
            summaries=("Count earlier positions j < index whose value completes nums[index] to the target.",),
            params=(INDEX,),
            body="return str(self.nums[:index].count(self.target - self.nums[index]))",
            returns="str: The number of such earlier positions.",
            examples=('"2"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The number of index pairs i < j with nums[i] + nums[j] == target."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        total = 0
        for index in range(len(info["nums"])):
            total += int(self.step(json.dumps({"name": "$complements", "parameters": {"index": index}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": total}}))[1]
    ''',
    tasks=(
        "Count the pairs of positions i < j such that nums[i] + nums[j] equals the target.",
        "Given integers and a target value, report how many index pairs sum to the target.",
    ),
    make_options=_pair_options,
    count_steps=_nums_plus_two,
    min_steps=3,
    max_steps=3000,
    extra_tools=(GET_LENGTH,),
)

HOUSE_ROBBER = Template(
    key="house_robber",
    stems=("HouseRobber", "NonAdjacentSum", "StreetHeist"),
    reset='self.nums = options.get("nums", [])',
    ref="""
        prev2, prev1 = 0, 0
        for value in self.nums:
            prev2, prev1 = prev1, max(prev1, prev2 + value)
        return prev1
    """,
    ref_bug="return max(sum(self.nums[0::2]), sum(self.nums[1::2]))",
    tools=(
        observe(
            "str: The amounts of money in the houses, as a JSON list.",
            '"[2, 7, 9, 3, 1]"',
            "return json.dumps(self.nums)",
            "Return the amount of money stored in each house along the street.",
        ),
        Tool(
            key="rob",
            names=("RobStep", "BestUpTo"),
            summaries=("Advance the dynamic programme by one house.",),
            params=(
                Param("prev2", "int", "int", "Best total up to two houses back."),
                Param("prev1", "int", "int", "Best total up to the previous house."),
                Param("value", "int", "int", "Money in the current house."),
            ),
            body="return str(max(prev1, prev2 + value))",
            returns="str: The best total up to the current house.",
            examples=('"11"',),
            notes=("Computes max(prev1, prev2 + value).",),
        ),
    ),
    answer=Param("answer", "int", "int", "The largest amount that can be robbed without robbing two adjacent houses."),
    solve='''
        houses = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        prev2, prev1 = 0, 0
        for value in houses:
            best = int(self.step(json.dumps({"name": "$rob", "parameters": {"prev2": prev2, "prev1": prev1, "value": value}}))[1])
            prev2, prev1 = prev1, best
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": prev1}}))[1]
    ''',
    tasks=(
        "Houses along a street hold some money; robbing two adjacent houses alerts the police. Find the maximum amount that can be robbed.",
        "Choose a subset of non-adjacent array elements with the largest possible sum.",
    ),
    make_options=lambda rng, steps: {"nums": ints(rng, steps - 2, 0, 40)},
    count_steps=_nums_plus_two,
    min_steps=3,
    max_steps=3000,
    extra_tools=LIST_EXTRAS,
)


def _lis_options(rng, steps):
    n = steps - 2
    return {"nums": ints(rng, n, 0, max(3, n // 2))}


LIS = Template(
    key="lis",
    stems=("LongestIncreasing", "IncreasingSubsequence", "PatienceSort"),
    imports=("bisect",),
    reset='self.nums = options.get("nums", [])',
    ref="""
        tails = []
        for x in self.nums:
            i = bisect.bisect_left(tails, x)
            if i == len(tails):
                tails.append(x)
            else:
                tails[i] = x
        return len(tails)
    """,
    ref_bug="""
        tails = []
        for x in self.nums:
            i = bisect.bisect_right(tails, x)
            if i == len(tails):
                tails.append(x)
            else:
                tails[i] = x
        return len(tails)
    """,
    tools=(
        OBSERVE_NUMS,
        Tool(
            key="insert_tail",
            names=("InsertTail", "UpdateTails"),
            summaries=("Place a value into the patience-sorting tails list.",),
            params=(
                Param("tails", "list", "list[int]", "Current tails; tails[i] is the smallest tail of an increasing subsequence of length i + 1."),
                Param("value", "int", "int", "The next element of the sequence."),
            ),
            body="""
                tails = list(tails)
                i = bisect.bisect_left(tails, value)
                if i == len(tails):
                    tails.append(value)
                else:
                    tails[i] = value
                return json.dumps(tails)
            """,
            returns="str: The updated tails list as JSON.",
            examples=('"[1, 4, 8]"',),
        ),
    ),
    answer=Param("answer", "int", "int", "Length of the longest strictly increasing subsequence."),
    solve='''
        nums = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        tails = []
        for x in nums:
            tails = json.loads(self.step(json.dumps({"name": "$insert_tail", "parameters": {"tails": tails, "value": x}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": len(tails)}}))[1]
    ''',
    tasks=(
        "Find the length of the longest strictly increasing subsequence of an integer array.",
        "Given a sequence of integers, determine how long its longest strictly increasing subsequence is.",
    ),
    make_options=_lis_options,
    count_steps=_nums_plus_two,
    min_steps=3,
    max_steps=800,
    extra_tools=LIST_EXTRAS,
)

TEMPLATES = (LIST_SUM, MAX_ELEMENT, PREFIX_SUMS, WINDOW_SUM, PAIR_COUNT, HOUSE_ROBBER, LIS)
