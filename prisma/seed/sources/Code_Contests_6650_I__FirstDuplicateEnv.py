import gymnasium
import json


class FirstDuplicateEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_NUMBER = 1
        self.GET_MAX_VALUE = 2
        self.DONE = 3

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetNumber": self.GET_NUMBER,
            "GetMaxValue": self.GET_MAX_VALUE,
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
        prefix = "FirstDuplicateEnv@"
        if not env_str.startswith(prefix):
            return None
        return FirstDuplicateEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.nums = [int(x) for x in options.get("nums", [])]
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        seen = set()
        for x in self.nums:
            if x in seen:
                return x
            seen.add(x)
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
            elif code == self.GET_NUMBER:
                if "index" not in params:
                    raise ValueError("Missing 'index' parameter for GetNumber")
                msg = self.GetNumber(params["index"])
            elif code == self.GET_MAX_VALUE:
                msg = self.GetMaxValue()
            else:
                if "answer" not in params:
                    raise ValueError("Missing 'answer' parameter for Done")
                msg = self.Done(params["answer"])
        except Exception as e:
            msg = f"Error: {e}"
        return True, msg

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report how many positive integers the hidden array holds.

        Returns:
            str: A sentence stating the length of the array.

        Example Output:
            "The array holds 6 numbers."
        """
        return f"The array holds {len(self.nums)} numbers."

    def GetNumber(self, index: int):
        r"""Read one number of the array.

        Args:
            index (int): Zero-based position of the number.

        Returns:
            str: The number at that position.

        Example Output:
            "3"
        """
        if not 0 <= index < len(self.nums):
            return f"Error: index {index} is out of range for an array of length {len(self.nums)}"
        return str(self.nums[index])

    def GetMaxValue(self):
        r"""Return the largest number in the array (0 for an empty array).

        Returns:
            str: The maximum value.

        Example Output:
            "5"
        """
        return str(max(self.nums, default=0))

    def Done(self, answer):
        r"""Submit the number whose second occurrence comes first when the array is read left to right.

        Args:
            answer (int): The repeated number, or -1 if every number is distinct.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 3, reference answer: 3, result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        observed = self.step(json.dumps({"name": "Observe", "parameters": {}}))[1]
        n = int(observed.split()[3])
        largest = int(self.step(json.dumps({"name": "GetMaxValue", "parameters": {}}))[1])
        # Direct-address table: one flag per possible value.
        seen = [False] * (largest + 1)
        for index in range(n):
            value = int(self.step(json.dumps({"name": "GetNumber", "parameters": {"index": index}}))[1])
            if seen[value]:
                return self.step(json.dumps({"name": "Done", "parameters": {"answer": value}}))[1]
            seen[value] = True
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": -1}}))[1]


if __name__ == "__main__":
    env = FirstDuplicateEnv.from_env_str('FirstDuplicateEnv@{"nums": [2, 1, 3, 5, 3, 2]}')
    print(env.solve())
    print("steps:", env.step_count)
