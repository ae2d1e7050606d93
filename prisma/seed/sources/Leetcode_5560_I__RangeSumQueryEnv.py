import gymnasium
import json


class RangeSumQueryEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_NUMBER = 1
        self.SET_PREFIX = 2
        self.GET_PREFIX = 3
        self.GET_QUERY = 4
        self.RANGE_SUM = 5
        self.DONE = 6

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetNumber": self.GET_NUMBER,
            "SetPrefix": self.SET_PREFIX,
            "GetPrefix": self.GET_PREFIX,
            "GetQuery": self.GET_QUERY,
            "RangeSum": self.RANGE_SUM,
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
        prefix = "RangeSumQueryEnv@"
        if not env_str.startswith(prefix):
            return None
        return RangeSumQueryEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.nums = [int(x) for x in options.get("nums", [])]
        self.queries = [tuple(q) for q in options.get("queries", [])]
        # prefix[k] is the sum of the first k numbers; prefix[0] = 0 is known from the start.
        self.prefix = {0: 0}
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        return [sum(self.nums[left:right + 1]) for left, right in self.queries]

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
                self._require(name, params, "index")
                msg = self.GetNumber(params["index"])
            elif code == self.SET_PREFIX:
                self._require(name, params, "k", "value")
                msg = self.SetPrefix(params["k"], params["value"])
            elif code == self.GET_PREFIX:
                self._require(name, params, "k")
                msg = self.GetPrefix(params["k"])
            elif code == self.GET_QUERY:
                self._require(name, params, "index")
                msg = self.GetQuery(params["index"])
            elif code == self.RANGE_SUM:
                self._require(name, params, "left", "right")
                msg = self.RangeSum(params["left"], params["right"])
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
        r"""Report the length of the array and the number of range queries.

        Returns:
            str: A JSON object with the keys "length" and "queries".

        Example Output:
            {"length": 6, "queries": 3}
        """
        return json.dumps({"length": len(self.nums), "queries": len(self.queries)})

    def GetNumber(self, index: int):
        r"""Read one number of the array.

        Args:
            index (int): Zero-based position of the number.

        Returns:
            str: The number at that position.

        Example Output:
            "-2"
        """
        if not 0 <= index < len(self.nums):
            return f"Error: index {index} is out of range for an array of length {len(self.nums)}"
        return str(self.nums[index])

    def SetPrefix(self, k: int, value: int):
        r"""Store prefix[k], the sum of the first k numbers (nums[0] + ... + nums[k - 1]).

        Args:
            k (int): How many leading numbers the prefix covers, from 1 to n.
            value (int): The sum of those numbers.

        Returns:
            str: A confirmation message.

        Example Output:
            "prefix[3] = 1"
        """
        if not 1 <= k <= len(self.nums):
            return f"Error: k must be between 1 and {len(self.nums)}"
        self.prefix[k] = value
        return f"prefix[{k}] = {value}"

    def GetPrefix(self, k: int):
        r"""Read a stored prefix sum.

        Args:
            k (int): How many leading numbers the prefix covers; prefix[0] is always 0.

        Returns:
            str: The stored value of prefix[k].

        Example Output:
            "1"
        """
        if k not in self.prefix:
            return f"Error: prefix[{k}] has not been stored"
        return str(self.prefix[k])

    def GetQuery(self, index: int):
        r"""Read one range query.

        Args:
            index (int): Zero-based index of the query.

        Returns:
            str: The query as a JSON pair [left, right] of inclusive array positions.

        Example Output:
            [0, 2]
        """
        if not 0 <= index < len(self.queries):
            return f"Error: index {index} is out of range for {len(self.queries)} queries"
        return json.dumps(list(self.queries[index]))

    def RangeSum(self, left: int, right: int):
        r"""Answer a range query from the stored prefix sums: prefix[right + 1] - prefix[left].

        Args:
            left (int): Zero-based position where the range starts (inclusive).
            right (int): Zero-based position where the range ends (inclusive).

        Returns:
            str: The sum of nums[left..right].

        Example Output:
            "-1"
        """
        if right + 1 not in self.prefix or left not in self.prefix:
            return f"Error: prefix[{right + 1}] and prefix[{left}] must both be stored"
        return str(self.prefix[right + 1] - self.prefix[left])

    def Done(self, answer):
        r"""Submit the answers to all range queries, in query order.

        Args:
            answer (list[int]): One sum per query.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: [1, -1, -3], reference answer: [1, -1, -3], result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = isinstance(answer, list) and answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        info = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        running = 0
        for index in range(info["length"]):
            running += int(self.step(json.dumps({"name": "GetNumber", "parameters": {"index": index}}))[1])
            self.step(json.dumps({"name": "SetPrefix", "parameters": {"k": index + 1, "value": running}}))
        answers = []
        for index in range(info["queries"]):
            left, right = json.loads(self.step(json.dumps({"name": "GetQuery", "parameters": {"index": index}}))[1])
            answers.append(int(self.step(json.dumps({"name": "RangeSum", "parameters": {"left": left, "right": right}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": answers}}))[1]


if __name__ == "__main__":
    env = RangeSumQueryEnv.from_env_str(
        'RangeSumQueryEnv@{"nums": [-2, 0, 3, -5, 2, -1], "queries": [[0, 2], [2, 5], [0, 5]]}'
    )
    print(env.solve())
    print("steps:", env.step_count)
