import gymnasium
import json


class TwoSumLookupEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_ELEMENT = 1
        self.COMPUTE_COMPLEMENT = 2
        self.CHECK_SEEN = 3
        self.RECORD_SEEN = 4
        self.DONE = 5

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetElement": self.GET_ELEMENT,
            "ComputeComplement": self.COMPUTE_COMPLEMENT,
            "CheckSeen": self.CHECK_SEEN,
            "RecordSeen": self.RECORD_SEEN,
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
        prefix = "TwoSumLookupEnv@"
        if not env_str.startswith(prefix):
            return None
        return TwoSumLookupEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.nums = list(options.get("nums", []))
        self.target = int(options.get("target", 0))
        self.seen = {}
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        for j in range(len(self.nums)):
            for i in range(j):
                if self.nums[i] + self.nums[j] == self.target:
                    return [i, j]
        return []

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
            elif code == self.GET_ELEMENT:
                self._require(name, params, "index")
                msg = self.GetElement(params["index"])
            elif code == self.COMPUTE_COMPLEMENT:
                self._require(name, params, "value")
                msg = self.ComputeComplement(params["value"])
            elif code == self.CHECK_SEEN:
                self._require(name, params, "value")
                msg = self.CheckSeen(params["value"])
            elif code == self.RECORD_SEEN:
                self._require(name, params, "value", "index")
                msg = self.RecordSeen(params["value"], params["index"])
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
        r"""Describe the current instance: the number of elements and the target sum.

        Returns:
            str: A JSON object with the keys "length" and "target".

        Example Output:
            {"length": 4, "target": 9}
        """
        return json.dumps({"length": len(self.nums), "target": self.target})

    def GetElement(self, index: int):
        r"""Read the element of the hidden array at the given position.

        Args:
            index (int): Zero-based position of the element to read.

        Returns:
            str: The element as a decimal string, or an error message when the index is out of range.

        Example Output:
            "7"
        """
        if not 0 <= index < len(self.nums):
            return f"Error: index {index} is out of range for an array of length {len(self.nums)}"
        return str(self.nums[index])

    def ComputeComplement(self, value: int):
        r"""Compute the value that must be added to `value` to reach the target sum.

        Args:
            value (int): A number taken from the array.

        Returns:
            str: target - value, as a decimal string.

        Example Output:
            "2"
        """
        return str(self.target - value)

    def CheckSeen(self, value: int):
        r"""Look a value up in the table of numbers recorded so far.

        Args:
            value (int): The value to look up.

        Returns:
            str: The index recorded for this value, or "-1" if the value has not been recorded.

        Example Output:
            "0"
        """
        return str(self.seen.get(value, -1))

    def RecordSeen(self, value: int, index: int):
        r"""Record that `value` occurs in the array at position `index`.

        Args:
            value (int): The value to store in the lookup table.
            index (int): The position at which the value occurs.

        Returns:
            str: A confirmation message including the current size of the table.

        Example Output:
            "Recorded value 2 at index 0; 1 value(s) in the table."
        """
        self.seen[value] = index
        return f"Recorded value {value} at index {index}; {len(self.seen)} value(s) in the table."

    def Done(self, answer):
        r"""Submit the pair of indices whose elements add up to the target.

        Args:
            answer (list[int]): The two indices [i, j], in any order.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: [0, 1], reference answer: [0, 1], result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        try:
            correct = sorted(int(x) for x in answer) == ref
        except (TypeError, ValueError):
            correct = False
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        info = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        for j in range(info["length"]):
            value = int(self.step(json.dumps({"name": "GetElement", "parameters": {"index": j}}))[1])
            need = int(self.step(json.dumps({"name": "ComputeComplement", "parameters": {"value": value}}))[1])
            i = int(self.step(json.dumps({"name": "CheckSeen", "parameters": {"value": need}}))[1])
            if i != -1:
                return self.step(json.dumps({"name": "Done", "parameters": {"answer": [i, j]}}))[1]
            self.step(json.dumps({"name": "RecordSeen", "parameters": {"value": value, "index": j}}))
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": []}}))[1]


if __name__ == "__main__":
    env = TwoSumLookupEnv.from_env_str('TwoSumLookupEnv@{"nums": [2, 7, 11, 15], "target": 9}')
    print(env.solve())
    print("steps:", env.step_count)
