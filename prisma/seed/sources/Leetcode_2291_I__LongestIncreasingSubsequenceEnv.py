import bisect
import gymnasium
import json


class LongestIncreasingSubsequenceEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_NUMBER = 1
        self.INIT_DP = 2
        self.TRY_EXTEND = 3
        self.GET_DP = 4
        self.GET_MAX_DP = 5
        self.DONE = 6

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetNumber": self.GET_NUMBER,
            "InitDp": self.INIT_DP,
            "TryExtend": self.TRY_EXTEND,
            "GetDp": self.GET_DP,
            "GetMaxDp": self.GET_MAX_DP,
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
        prefix = "LongestIncreasingSubsequenceEnv@"
        if not env_str.startswith(prefix):
            return None
        return LongestIncreasingSubsequenceEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.nums = list(options.get("nums", []))
        self.dp = []
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Patience sorting, O(n log n); independent of the O(n^2) tool-based DP.
        tails = []
        for x in self.nums:
            pos = bisect.bisect_left(tails, x)
            if pos == len(tails):
                tails.append(x)
            else:
                tails[pos] = x
        return len(tails)

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
            elif code == self.INIT_DP:
                msg = self.InitDp()
            elif code == self.TRY_EXTEND:
                self._require(name, params, "i", "j")
                msg = self.TryExtend(params["i"], params["j"])
            elif code == self.GET_DP:
                self._require(name, params, "index")
                msg = self.GetDp(params["index"])
            elif code == self.GET_MAX_DP:
                msg = self.GetMaxDp()
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
        if not isinstance(index, int) or not 0 <= index < len(self.nums):
            raise IndexError(f"index {index} is out of range for an array of length {len(self.nums)}")

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report how many numbers the hidden sequence contains.

        Returns:
            str: A sentence stating the length of the sequence.

        Example Output:
            "The sequence contains 8 numbers."
        """
        return f"The sequence contains {len(self.nums)} numbers."

    def GetNumber(self, index: int):
        r"""Read one number of the hidden sequence.

        Args:
            index (int): Zero-based position of the number.

        Returns:
            str: The number at that position.

        Example Output:
            "18"
        """
        self._check_index(index)
        return str(self.nums[index])

    def InitDp(self):
        r"""Create the DP table, setting dp[i] = 1 for every position i.

        dp[i] is the length of the longest strictly increasing subsequence that ends at position i.

        Returns:
            str: A confirmation message with the size of the table.

        Example Output:
            "DP table initialised with 8 entries, all equal to 1."
        """
        self.dp = [1] * len(self.nums)
        return f"DP table initialised with {len(self.dp)} entries, all equal to 1."

    def TryExtend(self, i: int, j: int):
        r"""Try to extend the best subsequence ending at j with the number at i.

        If j < i and nums[j] < nums[i], sets dp[i] = max(dp[i], dp[j] + 1); otherwise dp[i] is unchanged.
        InitDp must have been called first.

        Args:
            i (int): Position of the number that would be appended.
            j (int): Position of the last number of the subsequence being extended; must be smaller than i.

        Returns:
            str: The value of dp[i] after the update.

        Example Output:
            "3"
        """
        self._check_index(i)
        self._check_index(j)
        if not self.dp:
            return "Error: the DP table has not been initialised; call InitDp first"
        if j >= i:
            return f"Error: j must be smaller than i (got i={i}, j={j})"
        if self.nums[j] < self.nums[i]:
            self.dp[i] = max(self.dp[i], self.dp[j] + 1)
        return str(self.dp[i])

    def GetDp(self, index: int):
        r"""Read one entry of the DP table.

        Args:
            index (int): Zero-based position in the table.

        Returns:
            str: The value dp[index].

        Example Output:
            "2"
        """
        self._check_index(index)
        if not self.dp:
            return "Error: the DP table has not been initialised; call InitDp first"
        return str(self.dp[index])

    def GetMaxDp(self):
        r"""Return the largest value in the DP table (0 for an empty sequence).

        Returns:
            str: max(dp), as a decimal string.

        Example Output:
            "4"
        """
        return str(max(self.dp) if self.dp else 0)

    def Done(self, answer):
        r"""Submit the length of the longest strictly increasing subsequence.

        Args:
            answer (int): The submitted length.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 4, reference answer: 4, result: correct, reward=1"
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
        self.step(json.dumps({"name": "InitDp", "parameters": {}}))
        for i in range(1, n):
            for j in range(i):
                self.step(json.dumps({"name": "TryExtend", "parameters": {"i": i, "j": j}}))
        best = int(self.step(json.dumps({"name": "GetMaxDp", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": best}}))[1]


if __name__ == "__main__":
    env = LongestIncreasingSubsequenceEnv.from_env_str(
        'LongestIncreasingSubsequenceEnv@{"nums": [10, 9, 2, 5, 3, 7, 101, 18]}'
    )
    print(env.solve())
    print("steps:", env.step_count)
