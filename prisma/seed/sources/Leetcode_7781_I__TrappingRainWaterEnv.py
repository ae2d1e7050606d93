import gymnasium
import json


class TrappingRainWaterEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_LENGTH = 1
        self.GET_HEIGHT = 2
        self.SET_LEFT_MAX = 3
        self.SET_RIGHT_MAX = 4
        self.GET_LEFT_MAX = 5
        self.GET_RIGHT_MAX = 6
        self.WATER_AT = 7
        self.ADD_TO_TOTAL = 8
        self.DONE = 9

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetLength": self.GET_LENGTH,
            "GetHeight": self.GET_HEIGHT,
            "SetLeftMax": self.SET_LEFT_MAX,
            "SetRightMax": self.SET_RIGHT_MAX,
            "GetLeftMax": self.GET_LEFT_MAX,
            "GetRightMax": self.GET_RIGHT_MAX,
            "WaterAt": self.WATER_AT,
            "AddToTotal": self.ADD_TO_TOTAL,
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
        prefix = "TrappingRainWaterEnv@"
        if not env_str.startswith(prefix):
            return None
        return TrappingRainWaterEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.height = [int(h) for h in options.get("height", [])]
        self.left_max = {}
        self.right_max = {}
        self.total = 0
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Two-pointer method, O(1) extra space.
        left, right = 0, len(self.height) - 1
        best_left = best_right = water = 0
        while left < right:
            if self.height[left] < self.height[right]:
                best_left = max(best_left, self.height[left])
                water += best_left - self.height[left]
                left += 1
            else:
                best_right = max(best_right, self.height[right])
                water += best_right - self.height[right]
                right -= 1
        return water

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
            elif code == self.GET_LENGTH:
                msg = self.GetLength()
            elif code == self.GET_HEIGHT:
                self._require(name, params, "index")
                msg = self.GetHeight(params["index"])
            elif code == self.SET_LEFT_MAX:
                self._require(name, params, "index", "value")
                msg = self.SetLeftMax(params["index"], params["value"])
            elif code == self.SET_RIGHT_MAX:
                self._require(name, params, "index", "value")
                msg = self.SetRightMax(params["index"], params["value"])
            elif code == self.GET_LEFT_MAX:
                self._require(name, params, "index")
                msg = self.GetLeftMax(params["index"])
            elif code == self.GET_RIGHT_MAX:
                self._require(name, params, "index")
                msg = self.GetRightMax(params["index"])
            elif code == self.WATER_AT:
                self._require(name, params, "index")
                msg = self.WaterAt(params["index"])
            elif code == self.ADD_TO_TOTAL:
                self._require(name, params, "amount")
                msg = self.AddToTotal(params["amount"])
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

    def _check_index(self, index):
        if not isinstance(index, int) or not 0 <= index < len(self.height):
            raise IndexError(f"index {index} is out of range for {len(self.height)} bars")

    # ---------------- tools ----------------

    def Observe(self):
        r"""Describe the task instance in one sentence.

        Returns:
            str: A short description of the elevation map.

        Example Output:
            "An elevation map of 12 bars of width 1 is loaded; rain falls on it."
        """
        return f"An elevation map of {len(self.height)} bars of width 1 is loaded; rain falls on it."

    def GetLength(self):
        r"""Return the number of bars in the elevation map.

        Returns:
            str: The number of bars.

        Example Output:
            "12"
        """
        return str(len(self.height))

    def GetHeight(self, index: int):
        r"""Read the height of one bar.

        Args:
            index (int): Zero-based position of the bar.

        Returns:
            str: The bar's height.

        Example Output:
            "2"
        """
        self._check_index(index)
        return str(self.height[index])

    def SetLeftMax(self, index: int, value: int):
        r"""Record the tallest bar among positions 0..index (inclusive).

        Args:
            index (int): Zero-based position of the bar.
            value (int): The maximum height from the left end up to and including this bar.

        Returns:
            str: A confirmation message.

        Example Output:
            "left_max[3] = 2"
        """
        self._check_index(index)
        self.left_max[index] = value
        return f"left_max[{index}] = {value}"

    def SetRightMax(self, index: int, value: int):
        r"""Record the tallest bar among positions index..n-1 (inclusive).

        Args:
            index (int): Zero-based position of the bar.
            value (int): The maximum height from this bar up to and including the right end.

        Returns:
            str: A confirmation message.

        Example Output:
            "right_max[3] = 3"
        """
        self._check_index(index)
        self.right_max[index] = value
        return f"right_max[{index}] = {value}"

    def GetLeftMax(self, index: int):
        r"""Read a value recorded with SetLeftMax.

        Args:
            index (int): Zero-based position of the bar.

        Returns:
            str: The recorded left maximum, or an error message if none was recorded.

        Example Output:
            "2"
        """
        if index not in self.left_max:
            return f"Error: left_max[{index}] has not been recorded"
        return str(self.left_max[index])

    def GetRightMax(self, index: int):
        r"""Read a value recorded with SetRightMax.

        Args:
            index (int): Zero-based position of the bar.

        Returns:
            str: The recorded right maximum, or an error message if none was recorded.

        Example Output:
            "3"
        """
        if index not in self.right_max:
            return f"Error: right_max[{index}] has not been recorded"
        return str(self.right_max[index])

    def WaterAt(self, index: int):
        r"""Compute the water held above one bar from the recorded maxima.

        The amount is min(left_max[index], right_max[index]) - height[index]; both maxima must be recorded first.

        Args:
            index (int): Zero-based position of the bar.

        Returns:
            str: The units of water above this bar.

        Example Output:
            "1"
        """
        self._check_index(index)
        if index not in self.left_max or index not in self.right_max:
            return f"Error: record both left_max[{index}] and right_max[{index}] first"
        return str(max(0, min(self.left_max[index], self.right_max[index]) - self.height[index]))

    def AddToTotal(self, amount: int):
        r"""Add an amount of water to the running total.

        Args:
            amount (int): The units of water to add.

        Returns:
            str: The running total after the addition.

        Example Output:
            "6"
        """
        self.total += amount
        return str(self.total)

    def Done(self, answer):
        r"""Submit the total amount of trapped rain water.

        Args:
            answer (int): The submitted total.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 6, reference answer: 6, result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        self.step(json.dumps({"name": "Observe", "parameters": {}}))
        n = int(self.step(json.dumps({"name": "GetLength", "parameters": {}}))[1])
        heights = [int(self.step(json.dumps({"name": "GetHeight", "parameters": {"index": i}}))[1]) for i in range(n)]
        best = 0
        for i in range(n):
            best = max(best, heights[i])
            self.step(json.dumps({"name": "SetLeftMax", "parameters": {"index": i, "value": best}}))
        best = 0
        for i in range(n - 1, -1, -1):
            best = max(best, heights[i])
            self.step(json.dumps({"name": "SetRightMax", "parameters": {"index": i, "value": best}}))
        total = 0
        for i in range(n):
            water = int(self.step(json.dumps({"name": "WaterAt", "parameters": {"index": i}}))[1])
            if water > 0:
                total = int(self.step(json.dumps({"name": "AddToTotal", "parameters": {"amount": water}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": total}}))[1]


if __name__ == "__main__":
    env = TrappingRainWaterEnv.from_env_str(
        'TrappingRainWaterEnv@{"height": [0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]}'
    )
    print(env.solve())
    print("steps:", env.step_count)
