"""Arithmetic and matrix templates: gcd chains, counting DP, primes, digits,
roman numerals, matrix traversal."""

from __future__ import annotations

import functools
import random
import textwrap

from ..model import Param, Template, Tool
from ._common import INT_A, INT_B, ints, observe

GCD_CHAIN = Template(
    key="gcd_chain",
    stems=("GcdChain", "CommonDivisor", "ArrayGcd"),
    imports=("math", "functools"),
    reset='self.nums = options.get("nums", [])',
    ref="return functools.reduce(math.gcd, self.nums)",
    ref_bug="return functools.reduce(math.gcd, self.nums[1:])",
    tools=(
        observe(
            "str: The positive integers as a JSON list.",
            '"[12, 18, 30]"',
            "return json.dumps(self.nums)",
            "Return the integers of the instance.",
        ),
        Tool(
            key="gcd",
            names=("Gcd", "GreatestCommonDivisor", "PairGcd"),
            summaries=("Return the greatest common divisor of two integers.",),
            params=(INT_A, INT_B),
            body="return str(math.gcd(a, b))",
            returns="str: gcd(a, b).",
            examples=('"6"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The greatest common divisor of all the integers."),
    solve='''
        nums = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        g = nums[0]
        for x in nums[1:]:
            g = int(self.step(json.dumps({"name": "$gcd", "parameters": {"a": g, "b": x}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": g}}))[1]
    ''',
    tasks=(
        "Compute the greatest common divisor of a list of positive integers.",
        "Find the largest integer that divides every number of the list.",
    ),
    make_options=lambda rng, steps: {"nums": [rng.randint(1, 30) * x for x in ints(rng, steps - 1, 1, 60)]},
    count_steps=lambda o: len(o["nums"]) + 1,
    min_steps=3,
    max_steps=3000,
)

_MODULI = (97, 1000, 10007, 65536, 1000000007)

CLIMB_STAIRS = Template(
    key="climb_stairs",
    stems=("ClimbStairs", "StaircaseWays", "StepCombinations"),
    reset="""
        self.n = options.get("n", 1)
        self.mod = options.get("mod", 1000000007)
    """,
    ref="""
        a, b = 1, 1
        for _ in range(self.n - 1):
            a, b = b, (a + b) % self.mod
        return b
    """,
    ref_bug="""
        a, b = 1, 1
        for _ in range(self.n - 1):
            a, b = b, (a + b) % 1000000007
        return b
    """,
    tools=(
        observe(
            "str: JSON object with the number of stairs `n` and the modulus `mod`.",
            '{"n": 10, "mod": 1000}',
            'return json.dumps({"n": self.n, "mod": self.mod})',
            "Return the staircase size and the modulus.",
        ),
        Tool(
            key="add_mod",
            names=("AddMod", "ModularSum"),
            summaries=("Add two integers modulo the instance modulus.",),
            params=(INT_A, INT_B),
            body="return str((a + b) % self.mod)",
            returns="str: (a + b) mod m.",
            examples=('"89"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The number of ways to climb the stairs, modulo mod."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        a, b = 1, 1
        for _ in range(info["n"] - 1):
            a, b = b, int(self.step(json.dumps({"name": "$add_mod", "parameters": {"a": a, "b": b}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": b}}))[1]
    ''',
    tasks=(
        "You climb a staircase of n steps, taking 1 or 2 steps at a time. Count the distinct ways to reach the top, modulo mod.",
        "Count the ways to write n as an ordered sum of 1s and 2s, modulo the given modulus.",
    ),
    make_options=lambda rng, steps: {"n": steps - 1, "mod": rng.choice(_MODULI)},
    count_steps=lambda o: o["n"] + 1,
    min_steps=3,
    max_steps=3000,
)

_IS_PRIME = textwrap.dedent("""
    def is_prime(x):
        if x < 2:
            return False
        d = 2
        while d * d <= x:
            if x % d == 0:
                return False
            d += 1
        return True
""")

PRIME_COUNT = Template(
    key="prime_count",
    stems=("PrimeCounter", "PrimeRange", "SieveCount"),
    reset="""
        self.low = options.get("low", 2)
        self.high = options.get("high", 2)
    """,
    ref=_IS_PRIME + "\nreturn sum(1 for x in range(self.low, self.high + 1) if is_prime(x))",
    ref_bug=_IS_PRIME + "\nreturn sum(1 for x in range(self.low, self.high) if is_prime(x))",
    tools=(
        observe(
            "str: JSON object with the inclusive bounds `low` and `high`.",
            '{"low": 10, "high": 30}',
            'return json.dumps({"low": self.low, "high": self.high})',
            "Return the range of the instance.",
        ),
        Tool(
            key="is_prime",
            names=("IsPrime", "PrimalityTest", "CheckPrime"),
            summaries=("Tell whether an integer is prime.",),
            params=(Param("x", "int", "int", "The integer to test."),),
            body="""
                if x < 2:
                    return "false"
                d = 2
                while d * d <= x:
                    if x % d == 0:
                        return "false"
                    d += 1
                return "true"
            """,
            returns='str: "true" or "false".',
            examples=('"true"',),
        ),
    ),
    answer=Param("answer", "int", "int", "How many primes lie in [low, high]."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        count = 0
        for x in range(info["low"], info["high"] + 1):
            if self.step(json.dumps({"name": "$is_prime", "parameters": {"x": x}}))[1] == "true":
                count += 1
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": count}}))[1]
    ''',
    tasks=(
        "Count the prime numbers in the inclusive range [low, high].",
        "How many integers between low and high (both included) are prime?",
    ),
    make_options=lambda rng, steps: (lambda low: {"low": low, "high": low + steps - 3})(rng.randint(1, 5000)),
    count_steps=lambda o: o["high"] - o["low"] + 3,
    min_steps=3,
    max_steps=3000,
)

ALT_DIGIT_SUM = Template(
    key="alt_digit_sum",
    stems=("AlternatingDigitSum", "DigitBalance", "ElevenTest"),
    reset='self.number = options.get("number", "0")',
    ref="return sum(int(d) if i % 2 == 0 else -int(d) for i, d in enumerate(self.number))",
    ref_bug="return abs(sum(int(d) if i % 2 == 0 else -int(d) for i, d in enumerate(self.number)))",
    tools=(
        observe("str: The decimal number.", '"918273"', "return self.number", "Return the number as a string of digits."),
        Tool(
            key="get_digit",
            names=("GetDigit", "DigitAt"),
            summaries=("Return the digit at a position, counted from the left.",),
            params=(Param("index", "int", "int", "Zero-based position from the most significant digit."),),
            body="return self.number[index]",
            returns="str: One digit.",
            examples=('"7"',),
        ),
    ),
    answer=Param("answer", "int", "int", "d0 - d1 + d2 - ... over the digits from the left."),
    solve='''
        number = self.step(json.dumps({"name": "$observe", "parameters": {}}))[1]
        total = 0
        for index in range(len(number)):
            d = int(self.step(json.dumps({"name": "$get_digit", "parameters": {"index": index}}))[1])
            total += d if index % 2 == 0 else -d
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": total}}))[1]
    ''',
    tasks=(
        "Compute the alternating digit sum of a number: add the digits at even positions (from the left, starting at 0) and subtract those at odd positions.",
        "Return d0 - d1 + d2 - d3 + ... for the digits of the given number.",
    ),
    make_options=lambda rng, steps: {
        "number": str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(steps - 3))
    },
    count_steps=lambda o: len(o["number"]) + 2,
    min_steps=3,
    max_steps=3000,
)

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(x: int) -> str:
    out = []
    for value, symbol in _ROMAN:
        while x >= value:
            out.append(symbol)
            x -= value
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _roman_by_length() -> dict[int, list[str]]:
    table: dict[int, list[str]] = {}
    for x in range(1, 4000):
        r = _roman(x)
        table.setdefault(len(r), []).append(r)
    return table


def _roman_options(rng: random.Random, steps: int) -> dict:
    table = _roman_by_length()
    longest = max(table)
    budget, numerals = steps - 2, []
    while budget > longest:
        r = _roman(rng.randint(1, 3999))
        numerals.append(r)
        budget -= len(r)
    numerals.append(rng.choice(table[budget]))
    return {"numerals": numerals}


ROMAN_SUM = Template(
    key="roman_sum",
    stems=("RomanNumeralSum", "RomanToInteger", "RomanLedger"),
    reset='self.numerals = options.get("numerals", [])',
    ref="""
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
        total = 0
        for numeral in self.numerals:
            for i, ch in enumerate(numeral):
                v = values[ch]
                if i + 1 < len(numeral) and v < values[numeral[i + 1]]:
                    total -= v
                else:
                    total += v
        return total
    """,
    ref_bug="""
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
        return sum(values[ch] for numeral in self.numerals for ch in numeral)
    """,
    tools=(
        observe(
            "str: The roman numerals as a JSON list.",
            '["XIV", "MMXXV"]',
            "return json.dumps(self.numerals)",
            "Return the roman numerals of the instance.",
        ),
        Tool(
            key="symbol_value",
            names=("SymbolValue", "RomanSymbol", "LookupSymbol"),
            summaries=("Return the integer value of a single roman symbol.",),
            params=(Param("symbol", "str", "str", "One of I, V, X, L, C, D, M."),),
            body="""
                values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
                if symbol not in values:
                    return f"Error: unknown symbol {symbol}"
                return str(values[symbol])
            """,
            returns="str: The value of the symbol.",
            examples=('"50"',),
        ),
    ),
    answer=Param("answer", "int", "int", "The sum of the values of all numerals."),
    solve='''
        numerals = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        total = 0
        for numeral in numerals:
            values = [int(self.step(json.dumps({"name": "$symbol_value", "parameters": {"symbol": ch}}))[1]) for ch in numeral]
            for i, v in enumerate(values):
                if i + 1 < len(values) and v < values[i + 1]:
                    total -= v
                else:
                    total += v
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": total}}))[1]
    ''',
    tasks=(
        "Convert every roman numeral of the list to an integer (with subtractive notation such as IV = 4) and report the total.",
        "Add up a list of roman numerals and give the result as an integer.",
    ),
    make_options=_roman_options,
    count_steps=lambda o: sum(len(r) for r in o["numerals"]) + 2,
    min_steps=3,
    max_steps=3000,
)

_OBSERVE_MATRIX = observe(
    "str: JSON object with the matrix dimensions `rows` and `cols`.",
    '{"rows": 3, "cols": 3}',
    'return json.dumps({"rows": len(self.matrix), "cols": len(self.matrix[0])})',
    "Return the dimensions of the hidden matrix.",
)

_GET_CELL = Tool(
    key="get_cell",
    names=("GetCell", "CellValue", "ReadCell"),
    summaries=("Return the value stored in one cell of the matrix.",),
    params=(
        Param("row", "int", "int", "Row index."),
        Param("col", "int", "int", "Column index."),
    ),
    body="return str(self.matrix[row][col])",
    returns="str: The cell value.",
    examples=('"8"',),
)

_GET_ROW = Tool(
    key="get_row",
    names=("GetRow", "RowValues"),
    summaries=("Return a whole row of the matrix.",),
    params=(Param("row", "int", "int", "Row index."),),
    body="return json.dumps(self.matrix[row])",
    returns="str: The row as a JSON list.",
    examples=('"[1, 2, 3]"',),
)


def _square(rng: random.Random, steps: int) -> dict:
    n = steps - 2
    return {"matrix": [ints(rng, n, -9, 30) for _ in range(n)]}


MATRIX_TRACE = Template(
    key="matrix_trace",
    stems=("MatrixTrace", "DiagonalSum", "TraceCalculator"),
    reset='self.matrix = options.get("matrix", [[0]])',
    ref="return sum(self.matrix[i][i] for i in range(len(self.matrix)))",
    ref_bug="return sum(self.matrix[i][len(self.matrix) - 1 - i] for i in range(len(self.matrix)))",
    tools=(_OBSERVE_MATRIX, _GET_CELL),
    answer=Param("answer", "int", "int", "The sum of the main diagonal."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        total = 0
        for i in range(info["rows"]):
            total += int(self.step(json.dumps({"name": "$get_cell", "parameters": {"row": i, "col": i}}))[1])
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": total}}))[1]
    ''',
    tasks=(
        "Compute the trace (sum of the main diagonal) of a square matrix.",
        "Return matrix[0][0] + matrix[1][1] + ... for the hidden square matrix.",
    ),
    make_options=_square,
    count_steps=lambda o: len(o["matrix"]) + 2,
    min_steps=3,
    max_steps=62,
    extra_tools=(_GET_ROW,),
)

_SPIRAL = """
    rows, cols = len(self.matrix), len(self.matrix[0])
    order = []
    top, bottom, left, right = 0, rows - 1, 0, cols - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            order.append(self.matrix[top][c])
        top += 1
        for r in range(top, bottom + 1):
            order.append(self.matrix[r][right])
        right -= 1
        CHECK_ROWS
            for c in range(right, left - 1, -1):
                order.append(self.matrix[bottom][c])
            bottom -= 1
        CHECK_COLS
            for r in range(bottom, top - 1, -1):
                order.append(self.matrix[r][left])
            left += 1
    return order
"""


def _spiral_options(rng: random.Random, steps: int) -> dict:
    cells = steps - 2
    rows = rng.choice([d for d in range(1, cells + 1) if cells % d == 0])
    return {"matrix": [ints(rng, cells // rows, 0, 99) for _ in range(rows)]}


SPIRAL_ORDER = Template(
    key="spiral_order",
    stems=("SpiralOrder", "SpiralTraversal", "MatrixSpiral"),
    reset='self.matrix = options.get("matrix", [[0]])',
    ref=_SPIRAL.replace("CHECK_ROWS", "if top <= bottom:").replace("CHECK_COLS", "if left <= right:"),
    ref_bug=_SPIRAL.replace("CHECK_ROWS", "if True:").replace("CHECK_COLS", "if True:"),
    tools=(_OBSERVE_MATRIX, _GET_CELL),
    answer=Param("answer", "list", "list[int]", "The matrix values in clockwise spiral order."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        order = []
        top, bottom, left, right = 0, info["rows"] - 1, 0, info["cols"] - 1

        def read(r, c):
            order.append(int(self.step(json.dumps({"name": "$get_cell", "parameters": {"row": r, "col": c}}))[1]))

        while top <= bottom and left <= right:
            for c in range(left, right + 1):
                read(top, c)
            top += 1
            for r in range(top, bottom + 1):
                read(r, right)
            right -= 1
            if top <= bottom:
                for c in range(right, left - 1, -1):
                    read(bottom, c)
                bottom -= 1
            if left <= right:
                for r in range(bottom, top - 1, -1):
                    read(r, left)
                left += 1
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": order}}))[1]
    ''',
    tasks=(
        "List the elements of a matrix in clockwise spiral order, starting at the top-left corner.",
        "Traverse the hidden matrix in a clockwise spiral from the outside in and report the values visited.",
    ),
    make_options=_spiral_options,
    count_steps=lambda o: len(o["matrix"]) * len(o["matrix"][0]) + 2,
    min_steps=3,
    max_steps=1500,
    extra_tools=(_GET_ROW,),
)

TEMPLATES = (GCD_CHAIN, CLIMB_STAIRS, PRIME_COUNT, ALT_DIGIT_SUM, ROMAN_SUM, MATRIX_TRACE, SPIRAL_ORDER)
