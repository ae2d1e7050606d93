"""Templates that explore a hidden structure: grid BFS and binary search."""

from __future__ import annotations

import math
import random

from ..model import Param, Template, Tool
from ._common import observe


def _grid_options(rng: random.Random, steps: int) -> dict:
    # The oracle expands every reachable cell once, so steps = reachable cells + 2.
    cells = steps - 2
    area = math.ceil(cells / rng.uniform(0.45, 0.85))
    rows = max(1, round(math.sqrt(area) * rng.uniform(0.6, 1.4)))
    cols = max(1, math.ceil(area / rows))
    region, frontier, queued = set(), [(0, 0)], {(0, 0)}
    while len(region) < cells:
        k = rng.randrange(len(frontier))
        cell = frontier[k]
        frontier[k] = frontier[-1]
        frontier.pop()
        region.add(cell)
        r, c = cell
        for nxt in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nxt[0] < rows and 0 <= nxt[1] < cols and nxt not in queued:
                queued.add(nxt)
                frontier.append(nxt)
    grid = ["".join("." if (r, c) in region else "#" for c in range(cols)) for r in range(rows)]
    return {"grid": grid}


def _grid_steps(options: dict) -> int:
    grid = options["grid"]
    seen, todo = {(0, 0)}, [(0, 0)]
    while todo:
        r, c = todo.pop()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < len(grid) and 0 <= nc < len(grid[0]) and grid[nr][nc] == "." and (nr, nc) not in seen:
                seen.add((nr, nc))
                todo.append((nr, nc))
    return len(seen) + 2


_BFS_REF = """
    rows, cols = len(self.grid), len(self.grid[0])
    target = (rows - 1, cols - 1)
    dist = {(0, 0): 0}
    queue = collections.deque([(0, 0)])
    while queue:
        r, c = queue.popleft()
        for dr, dc in DIRECTIONS:
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and self.grid[nr][nc] == "." and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                queue.append((nr, nc))
    return dist.get(target, -1)
"""

BFS_GRID = Template(
    key="bfs_grid",
    stems=("GridShortestPath", "MazeBFS", "GridWalker", "MazeSolver"),
    imports=("collections",),
    reset='self.grid = options.get("grid", ["."])',
    ref=_BFS_REF.replace("DIRECTIONS", "((-1, 0), (1, 0), (0, -1), (0, 1))"),
    ref_bug=_BFS_REF.replace(
        "DIRECTIONS", "((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))"
    ),
    tools=(
        observe(
            'str: The grid as a JSON list of rows; "." is open, "#" is a wall.',
            '["..#", "#.."]',
            "return json.dumps(self.grid)",
            "Return the grid of the maze.",
            "Show the maze layout.",
        ),
        Tool(
            key="neighbors",
            names=("GetNeighbors", "OpenNeighbors", "Adjacent"),
            summaries=("List the open cells next to a cell (up, down, left, right).",),
            params=(
                Param("row", "int", "int", "Row of the cell."),
                Param("col", "int", "int", "Column of the cell."),
            ),
            body="""
                result = []
                for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                    nr, nc = row + dr, col + dc
                    if 0 <= nr < len(self.grid) and 0 <= nc < len(self.grid[0]) and self.grid[nr][nc] == ".":
                        result.append([nr, nc])
                return json.dumps(result)
            """,
            returns="str: JSON list of [row, col] pairs.",
            examples=('"[[0, 1], [1, 0]]"',),
        ),
    ),
    answer=Param("answer", "int", "int", "Length of the shortest path from the top-left to the bottom-right cell, or -1."),
    solve='''
        grid = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        rows, cols = len(grid), len(grid[0])
        dist = {(0, 0): 0}
        queue = collections.deque([(0, 0)])
        while queue:
            r, c = queue.popleft()
            cells = json.loads(self.step(json.dumps({"name": "$neighbors", "parameters": {"row": r, "col": c}}))[1])
            for nr, nc in cells:
                if (nr, nc) not in dist:
                    dist[(nr, nc)] = dist[(r, c)] + 1
                    queue.append((nr, nc))
        answer = dist.get((rows - 1, cols - 1), -1)
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": answer}}))[1]
    ''',
    tasks=(
        "In a grid maze of open cells '.' and walls '#', find the length of the shortest path from the top-left cell to the bottom-right cell, moving up, down, left or right. Answer -1 if there is none.",
        "Compute the minimum number of moves needed to cross the maze from (0, 0) to the opposite corner (4-directional moves; -1 if unreachable).",
    ),
    make_options=_grid_options,
    count_steps=_grid_steps,
    min_steps=3,
    max_steps=3000,
)


def _probes(arr: list[int], target: int) -> int:
    lo, hi, probes = 0, len(arr) - 1, 0
    while lo <= hi:
        mid = (lo + hi) // 2
        probes += 1
        if arr[mid] == target:
            break
        if arr[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return probes


def _search_options(rng: random.Random, steps: int) -> dict:
    n = rng.randint(5, 400)
    arr = sorted(rng.sample(range(10 * n), n))
    present = set(arr)
    by_depth: dict[int, list[int]] = {}
    for v in arr:
        by_depth.setdefault(_probes(arr, v), []).append(v)
    deepest = max(by_depth)
    budget, queries = steps - 2, []
    while budget > deepest:
        if rng.random() < 0.8:
            t = rng.choice(arr)
        else:
            t = rng.randrange(10 * n)
            while t in present:
                t = rng.randrange(10 * n)
        queries.append(t)
        budget -= _probes(arr, t)
    queries.append(rng.choice(by_depth[budget]))
    return {"arr": arr, "queries": queries}


BINARY_SEARCH = Template(
    key="binary_search",
    stems=("BinarySearch", "SortedLookup", "HiddenArraySearch"),
    imports=("bisect",),
    reset="""
        self.arr = options.get("arr", [])
        self.queries = options.get("queries", [])
    """,
    ref="""
        answers = []
        for t in self.queries:
            i = bisect.bisect_left(self.arr, t)
            answers.append(i if i < len(self.arr) and self.arr[i] == t else -1)
        return answers
    """,
    ref_bug="return [bisect.bisect_left(self.arr, t) for t in self.queries]",
    tools=(
        observe(
            "str: JSON object with the array length `n` and the `queries`.",
            '{"n": 8, "queries": [15, 4]}',
            'return json.dumps({"n": len(self.arr), "queries": self.queries})',
            "Return the size of the hidden sorted array and the values to look up.",
        ),
        Tool(
            key="get_value",
            names=("GetValue", "Probe", "ReadIndex"),
            summaries=("Read one element of the hidden sorted array.",),
            params=(Param("index", "int", "int", "Zero-based index."),),
            body="return str(self.arr[index])",
            returns="str: The element at that index.",
            examples=('"42"',),
        ),
    ),
    answer=Param("answer", "list", "list[int]", "For each query, its index in the array or -1 when absent."),
    solve='''
        info = json.loads(self.step(json.dumps({"name": "$observe", "parameters": {}}))[1])
        answers = []
        for target in info["queries"]:
            lo, hi, found = 0, info["n"] - 1, -1
            while lo <= hi:
                mid = (lo + hi) // 2
                value = int(self.step(json.dumps({"name": "$get_value", "parameters": {"index": mid}}))[1])
                if value == target:
                    found = mid
                    break
                if value < target:
                    lo = mid + 1
                else:
                    hi = mid - 1
            answers.append(found)
        return self.step(json.dumps({"name": "$done", "parameters": {"answer": answers}}))[1]
    ''',
    tasks=(
        "A sorted array of distinct integers is hidden; you may read one element at a time. For every query value, report its index, or -1 if it is absent.",
        "Locate each query value in a hidden ascending array using as few reads as possible (-1 for values not present).",
    ),
    make_options=_search_options,
    count_steps=lambda o: sum(_probes(o["arr"], t) for t in o["queries"]) + 2,
    min_steps=3,
    max_steps=3000,
)

TEMPLATES = (BFS_GRID, BINARY_SEARCH)
