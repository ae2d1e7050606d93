import gymnasium
import json
from collections import deque


class GridShortestPathEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_CELL = 1
        self.GET_NEIGHBORS = 2
        self.DONE = 3

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetCell": self.GET_CELL,
            "GetNeighbors": self.GET_NEIGHBORS,
            "Done": self.DONE,
        }

        if env_str is not None:
            options = json.loads(env_str.split("@", 1)[1])
            self.reset(options)
        else:
            self.reset()

    @property
    def finished(self) -> bool:
        return self._done

    @property
    def reward(self) -> float:
        return float(self._reward)

    @staticmethod
    def from_env_str(env_str: str):
        prefix = "GridShortestPathEnv@"
        if not env_str.startswith(prefix):
            return None
        return GridShortestPathEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.grid = list(options.get("grid", ["."]))
        self.rows = len(self.grid)
        self.cols = len(self.grid[0]) if self.grid else 0
        self.start = tuple(options.get("start", [0, 0]))
        self.goal = tuple(options.get("goal", [self.rows - 1, self.cols - 1]))
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def _open(self, row, col):
        return 0 <= row < self.rows and 0 <= col < self.cols and self.grid[row][col] == "."

    def _neighbors(self, row, col):
        result = []
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            if self._open(row + dr, col + dc):
                result.append([row + dr, col + dc])
        return result

    def get_ref_answer(self):
        if not self._open(*self.start) or not self._open(*self.goal):
            return -1
        dist = {self.start: 0}
        queue = deque([self.start])
        while queue:
            cell = queue.popleft()
            if cell == self.goal:
                return dist[cell]
            for r, c in self._neighbors(*cell):
                if (r, c) not in dist:
                    dist[(r, c)] = dist[cell] + 1
                    queue.append((r, c))
        return -1

    def step(self, action: str):
        self.step_count += 1
        try:
            call = json.loads(action)
            name = call["name"]
            params = call.get("parameters", {}) or {}
            if name not in self.func_mapping:
                raise ValueError(f"Invalid action: {name}")
            code = self.func_mapping[name]

            if code == self.OBSERVE:
                msg = self.Observe()
            elif code == self.GET_CELL:
                self._require(name, params, "row", "col")
                msg = self.GetCell(params["row"], params["col"])
            elif code == self.GET_NEIGHBORS:
                self._require(name, params, "row", "col")
                msg = self.GetNeighbors(params["row"], params["col"])
            else:
                self._require(name, params, "answer")
                msg = self.Done(params["answer"])
        except Exception as e:
            msg = f"Error: {e}"
        return True, msg

    @staticmethod
    def _require(name, params, *keys):
        for key in keys:
            if key not in params:
                raise ValueError(f"Missing '{key}' parameter for {name}")

    # ---------------- tools ----------------

    def Observe(self):
        r"""Describe the grid: its size and the start and goal cells.

        Returns:
            str: A JSON object with the keys "rows", "cols", "start" and "goal"; cells are [row, col] pairs.

        Example Output:
            {"rows": 3, "cols": 4, "start": [0, 0], "goal": [2, 3]}
        """
        return json.dumps(
            {"rows": self.rows, "cols": self.cols, "start": list(self.start), "goal": list(self.goal)}
        )

    def GetCell(self, row: int, col: int):
        r"""Tell whether a single cell is free or blocked.

        Args:
            row (int): Zero-based row index.
            col (int): Zero-based column index.

        Returns:
            str: "open" for a free cell, "wall" for a blocked cell, or an error message outside the grid.

        Example Output:
            "wall"
        """
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            return f"Error: cell [{row}, {col}] is outside the {self.rows}x{self.cols} grid"
        return "open" if self.grid[row][col] == "." else "wall"

    def GetNeighbors(self, row: int, col: int):
        r"""List the free cells that can be reached from a cell in one move (up, down, left, right).

        Args:
            row (int): Zero-based row index of the current cell.
            col (int): Zero-based column index of the current cell.

        Returns:
            str: A JSON list of [row, col] pairs, in the order up, down, left, right.

        Example Output:
            [[1, 0], [0, 1]]
        """
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            return f"Error: cell [{row}, {col}] is outside the {self.rows}x{self.cols} grid"
        return json.dumps(self._neighbors(row, col))

    def Done(self, answer):
        r"""Submit the length of the shortest path from start to goal.

        Args:
            answer (int): The minimum number of moves, or -1 if the goal cannot be reached.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 5, reference answer: 5, result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        info = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        start, goal = tuple(info["start"]), tuple(info["goal"])
        dist = {start: 0}
        queue = deque([start])
        while queue:
            cell = queue.popleft()
            if cell == goal:
                return self.step(json.dumps({"name": "Done", "parameters": {"answer": dist[cell]}}))[1]
            reply = self.step(json.dumps({"name": "GetNeighbors", "parameters": {"row": cell[0], "col": cell[1]}}))[1]
            for r, c in json.loads(reply):
                if (r, c) not in dist:
                    dist[(r, c)] = dist[cell] + 1
                    queue.append((r, c))
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": -1}}))[1]


if __name__ == "__main__":
    env = GridShortestPathEnv.from_env_str(
        'GridShortestPathEnv@{"grid": ["..#.", "...#", "#..."], "start": [0, 0], "goal": [2, 3]}'
    )
    print(env.solve())
    print("steps:", env.step_count)
