import gymnasium
import json


class SpiralMatrixEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_CELL = 1
        self.DONE = 2

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetCell": self.GET_CELL,
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
        prefix = "SpiralMatrixEnv@"
        if not env_str.startswith(prefix):
            return None
        return SpiralMatrixEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.matrix = [list(row) for row in options.get("matrix", [])]
        self.rows = len(self.matrix)
        self.cols = len(self.matrix[0]) if self.matrix else 0
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Peel the first row off and rotate the rest counter-clockwise until nothing is left.
        order = []
        rest = [row[:] for row in self.matrix]
        while rest:
            order.extend(rest.pop(0))
            rest = [list(col) for col in zip(*rest)][::-1]
        return order

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
                for key in ("row", "col"):
                    if key not in params:
                        raise ValueError(f"Missing '{key}' parameter for GetCell")
                msg = self.GetCell(params["row"], params["col"])
            else:
                if "answer" not in params:
                    raise ValueError("Missing 'answer' parameter for Done")
                msg = self.Done(params["answer"])
        except Exception as e:
            msg = f"Error: {e}"
        return True, msg

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report the dimensions of the hidden matrix.

        Returns:
            str: A JSON object with the keys "rows" and "cols".

        Example Output:
            {"rows": 3, "cols": 4}
        """
        return json.dumps({"rows": self.rows, "cols": self.cols})

    def GetCell(self, row: int, col: int):
        r"""Read one entry of the matrix.

        Args:
            row (int): Zero-based row index.
            col (int): Zero-based column index.

        Returns:
            str: The value stored at (row, col).

        Example Output:
            "7"
        """
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            return f"Error: ({row}, {col}) is outside the {self.rows}x{self.cols} matrix"
        return str(self.matrix[row][col])

    def Done(self, answer):
        r"""Submit all entries of the matrix in clockwise spiral order, starting at the top-left corner.

        Args:
            answer (list[int]): The entries in spiral order.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: [1, 2, 3, 6, 9, 8, 7, 4, 5], reference answer: [1, 2, 3, 6, 9, 8, 7, 4, 5], result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = isinstance(answer, list) and answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        dims = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        top, bottom, left, right = 0, dims["rows"] - 1, 0, dims["cols"] - 1
        cells = []
        while top <= bottom and left <= right:
            cells.extend((top, c) for c in range(left, right + 1))
            cells.extend((r, right) for r in range(top + 1, bottom + 1))
            if top < bottom:
                cells.extend((bottom, c) for c in range(right - 1, left - 1, -1))
            if left < right:
                cells.extend((r, left) for r in range(bottom - 1, top, -1))
            top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
        order = []
        for r, c in cells:
            order.append(int(self.step(json.dumps({"name": "GetCell", "parameters": {"row": r, "col": c}}))[1]))
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": order}}))[1]


if __name__ == "__main__":
    env = SpiralMatrixEnv.from_env_str('SpiralMatrixEnv@{"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}')
    print(env.solve())
    print("steps:", env.step_count)
