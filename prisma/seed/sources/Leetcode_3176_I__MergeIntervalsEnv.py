import gymnasium
import json


class MergeIntervalsEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.SORT_INTERVALS = 1
        self.GET_INTERVAL = 2
        self.APPEND_INTERVAL = 3
        self.EXTEND_LAST = 4
        self.GET_LAST = 5
        self.GET_MERGED = 6
        self.DONE = 7

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "SortIntervals": self.SORT_INTERVALS,
            "GetInterval": self.GET_INTERVAL,
            "AppendInterval": self.APPEND_INTERVAL,
            "ExtendLast": self.EXTEND_LAST,
            "GetLast": self.GET_LAST,
            "GetMerged": self.GET_MERGED,
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
        prefix = "MergeIntervalsEnv@"
        if not env_str.startswith(prefix):
            return None
        return MergeIntervalsEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.original = [list(pair) for pair in options.get("intervals", [])]
        self.intervals = [list(pair) for pair in self.original]
        self.merged = []
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        result = []
        for start, end in sorted(self.original):
            if result and start <= result[-1][1]:
                result[-1][1] = max(result[-1][1], end)
            else:
                result.append([start, end])
        return result

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
            elif code == self.SORT_INTERVALS:
                msg = self.SortIntervals()
            elif code == self.GET_INTERVAL:
                self._require(name, params, "index")
                msg = self.GetInterval(params["index"])
            elif code == self.APPEND_INTERVAL:
                self._require(name, params, "start", "end")
                msg = self.AppendInterval(params["start"], params["end"])
            elif code == self.EXTEND_LAST:
                self._require(name, params, "end")
                msg = self.ExtendLast(params["end"])
            elif code == self.GET_LAST:
                msg = self.GetLast()
            elif code == self.GET_MERGED:
                msg = self.GetMerged()
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
        r"""Report how many closed intervals the instance contains.

        Returns:
            str: A sentence stating the number of intervals.

        Example Output:
            "There are 4 intervals."
        """
        return f"There are {len(self.intervals)} intervals."

    def SortIntervals(self):
        r"""Sort the working list of intervals by start point (ties broken by end point).

        Returns:
            str: A confirmation message.

        Example Output:
            "The 4 intervals are now sorted by start point."
        """
        self.intervals.sort()
        return f"The {len(self.intervals)} intervals are now sorted by start point."

    def GetInterval(self, index: int):
        r"""Read one interval of the working list (sorted if SortIntervals was called).

        Args:
            index (int): Zero-based position in the working list.

        Returns:
            str: The interval as a JSON pair [start, end].

        Example Output:
            [2, 6]
        """
        if not 0 <= index < len(self.intervals):
            return f"Error: index {index} is out of range for {len(self.intervals)} intervals"
        return json.dumps(self.intervals[index])

    def AppendInterval(self, start: int, end: int):
        r"""Append a new interval to the end of the merged result.

        Args:
            start (int): Start point of the interval.
            end (int): End point of the interval; must not be smaller than start.

        Returns:
            str: A confirmation message with the number of merged intervals.

        Example Output:
            "Appended [8, 10]; the result now holds 2 interval(s)."
        """
        if end < start:
            return f"Error: end {end} is smaller than start {start}"
        self.merged.append([start, end])
        return f"Appended [{start}, {end}]; the result now holds {len(self.merged)} interval(s)."

    def ExtendLast(self, end: int):
        r"""Extend the last merged interval so that it ends at max(current end, end).

        Args:
            end (int): The end point of an interval that overlaps the last merged interval.

        Returns:
            str: The last merged interval after the update, as a JSON pair.

        Example Output:
            [1, 6]
        """
        if not self.merged:
            return "Error: the merged result is empty; append an interval first"
        self.merged[-1][1] = max(self.merged[-1][1], end)
        return json.dumps(self.merged[-1])

    def GetLast(self):
        r"""Read the last interval of the merged result.

        Returns:
            str: The last merged interval as a JSON pair, or "null" when the result is empty.

        Example Output:
            [1, 6]
        """
        return json.dumps(self.merged[-1] if self.merged else None)

    def GetMerged(self):
        r"""Read the whole merged result built so far.

        Returns:
            str: A JSON list of [start, end] pairs.

        Example Output:
            [[1, 6], [8, 10], [15, 18]]
        """
        return json.dumps(self.merged)

    def Done(self, answer):
        r"""Submit the merged, non-overlapping intervals sorted by start point.

        Args:
            answer (list[list[int]]): The merged intervals as [start, end] pairs.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: [[1, 6], [8, 10]], reference answer: [[1, 6], [8, 10]], result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        try:
            correct = [list(pair) for pair in answer] == ref
        except TypeError:
            correct = False
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        observed = self.step(json.dumps({"name": "Observe", "parameters": {}}))[1]
        n = int(observed.split()[2])
        self.step(json.dumps({"name": "SortIntervals", "parameters": {}}))
        for index in range(n):
            start, end = json.loads(self.step(json.dumps({"name": "GetInterval", "parameters": {"index": index}}))[1])
            last = json.loads(self.step(json.dumps({"name": "GetLast", "parameters": {}}))[1])
            if last is not None and start <= last[1]:
                self.step(json.dumps({"name": "ExtendLast", "parameters": {"end": end}}))
            else:
                self.step(json.dumps({"name": "AppendInterval", "parameters": {"start": start, "end": end}}))
        merged = json.loads(self.step(json.dumps({"name": "GetMerged", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": merged}}))[1]


if __name__ == "__main__":
    env = MergeIntervalsEnv.from_env_str('MergeIntervalsEnv@{"intervals": [[1, 3], [2, 6], [8, 10], [15, 18]]}')
    print(env.solve())
    print("steps:", env.step_count)
