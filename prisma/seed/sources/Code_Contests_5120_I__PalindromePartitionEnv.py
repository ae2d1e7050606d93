import gymnasium
import json


class PalindromePartitionEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_CHAR = 1
        self.IS_PALINDROME = 2
        self.SET_MIN_CUTS = 3
        self.GET_MIN_CUTS = 4
        self.DONE = 5

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetChar": self.GET_CHAR,
            "IsPalindrome": self.IS_PALINDROME,
            "SetMinCuts": self.SET_MIN_CUTS,
            "GetMinCuts": self.GET_MIN_CUTS,
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
        prefix = "PalindromePartitionEnv@"
        if not env_str.startswith(prefix):
            return None
        return PalindromePartitionEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.s = str(options.get("s", ""))
        self.min_cuts = {}
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        n = len(self.s)
        if n == 0:
            return 0
        pal = [[False] * n for _ in range(n)]
        for end in range(n):
            for start in range(end, -1, -1):
                if self.s[start] == self.s[end] and (end - start < 2 or pal[start + 1][end - 1]):
                    pal[start][end] = True
        cuts = [0] * n
        for end in range(n):
            if pal[0][end]:
                continue
            cuts[end] = min(cuts[start - 1] + 1 for start in range(1, end + 1) if pal[start][end])
        return cuts[-1]

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
            elif code == self.GET_CHAR:
                self._require(name, params, "index")
                msg = self.GetChar(params["index"])
            elif code == self.IS_PALINDROME:
                self._require(name, params, "start", "end")
                msg = self.IsPalindrome(params["start"], params["end"])
            elif code == self.SET_MIN_CUTS:
                self._require(name, params, "index", "value")
                msg = self.SetMinCuts(params["index"], params["value"])
            elif code == self.GET_MIN_CUTS:
                self._require(name, params, "index")
                msg = self.GetMinCuts(params["index"])
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
        r"""Report the length of the hidden string.

        Returns:
            str: A sentence stating the number of characters.

        Example Output:
            "The string has 3 characters."
        """
        return f"The string has {len(self.s)} characters."

    def GetChar(self, index: int):
        r"""Read one character of the hidden string.

        Args:
            index (int): Zero-based position of the character.

        Returns:
            str: The character at that position.

        Example Output:
            "b"
        """
        if not 0 <= index < len(self.s):
            return f"Error: index {index} is out of range for a string of length {len(self.s)}"
        return self.s[index]

    def IsPalindrome(self, start: int, end: int):
        r"""Check whether the substring s[start..end] (both ends inclusive) reads the same in both directions.

        Args:
            start (int): Zero-based index of the first character of the substring.
            end (int): Zero-based index of the last character of the substring.

        Returns:
            str: "true" if the substring is a palindrome, "false" otherwise.

        Example Output:
            "true"
        """
        if not 0 <= start <= end < len(self.s):
            return f"Error: invalid substring bounds start={start}, end={end}"
        piece = self.s[start:end + 1]
        return "true" if piece == piece[::-1] else "false"

    def SetMinCuts(self, index: int, value: int):
        r"""Store the minimum number of cuts needed to split the prefix s[0..index] into palindromes.

        Args:
            index (int): Zero-based index of the last character of the prefix.
            value (int): The minimum number of cuts for that prefix.

        Returns:
            str: A confirmation message.

        Example Output:
            "min_cuts[2] = 1"
        """
        if not 0 <= index < len(self.s):
            return f"Error: index {index} is out of range for a string of length {len(self.s)}"
        self.min_cuts[index] = value
        return f"min_cuts[{index}] = {value}"

    def GetMinCuts(self, index: int):
        r"""Read a value stored earlier with SetMinCuts.

        Args:
            index (int): Zero-based index of the last character of the prefix.

        Returns:
            str: The stored number of cuts, or an error message if nothing was stored for that index.

        Example Output:
            "1"
        """
        if index not in self.min_cuts:
            return f"Error: no value has been stored for index {index}"
        return str(self.min_cuts[index])

    def Done(self, answer):
        r"""Submit the minimum number of cuts that split the whole string into palindromic substrings.

        Args:
            answer (int): The submitted number of cuts.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 1, reference answer: 1, result: correct, reward=1"
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
        if n == 0:
            return self.step(json.dumps({"name": "Done", "parameters": {"answer": 0}}))[1]
        for end in range(n):
            whole = self.step(json.dumps({"name": "IsPalindrome", "parameters": {"start": 0, "end": end}}))[1]
            if whole == "true":
                best = 0
            else:
                best = end
                for start in range(1, end + 1):
                    piece = self.step(json.dumps({"name": "IsPalindrome", "parameters": {"start": start, "end": end}}))[1]
                    if piece == "true":
                        before = int(self.step(json.dumps({"name": "GetMinCuts", "parameters": {"index": start - 1}}))[1])
                        best = min(best, before + 1)
            self.step(json.dumps({"name": "SetMinCuts", "parameters": {"index": end, "value": best}}))
        answer = int(self.step(json.dumps({"name": "GetMinCuts", "parameters": {"index": n - 1}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": answer}}))[1]


if __name__ == "__main__":
    env = PalindromePartitionEnv.from_env_str('PalindromePartitionEnv@{"s": "aab"}')
    print(env.solve())
    print("steps:", env.step_count)
