import gymnasium
import json


class ShipCapacityEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_MAX_WEIGHT = 1
        self.GET_TOTAL_WEIGHT = 2
        self.DAYS_NEEDED = 3
        self.DONE = 4

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetMaxWeight": self.GET_MAX_WEIGHT,
            "GetTotalWeight": self.GET_TOTAL_WEIGHT,
            "DaysNeeded": self.DAYS_NEEDED,
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
        prefix = "ShipCapacityEnv@"
        if not env_str.startswith(prefix):
            return None
        return ShipCapacityEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.weights = [int(w) for w in options.get("weights", [])]
        self.days = int(options.get("days", 1))
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def _days_for(self, capacity):
        days, load = 1, 0
        for w in self.weights:
            if load + w > capacity:
                days += 1
                load = 0
            load += w
        return days

    def get_ref_answer(self):
        lo, hi = max(self.weights, default=0), sum(self.weights)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._days_for(mid) <= self.days:
                hi = mid
            else:
                lo = mid + 1
        return lo

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
            elif code == self.GET_MAX_WEIGHT:
                msg = self.GetMaxWeight()
            elif code == self.GET_TOTAL_WEIGHT:
                msg = self.GetTotalWeight()
            elif code == self.DAYS_NEEDED:
                if "capacity" not in params:
                    raise ValueError("Missing 'capacity' parameter for DaysNeeded")
                msg = self.DaysNeeded(params["capacity"])
            else:
                if "answer" not in params:
                    raise ValueError("Missing 'answer' parameter for Done")
                msg = self.Done(params["answer"])
        except Exception as e:
            msg = f"Error: {e}"
        return True, msg

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report the number of packages on the conveyor belt and the number of days allowed.

        Returns:
            str: A JSON object with the keys "packages" and "days".

        Example Output:
            {"packages": 10, "days": 5}
        """
        return json.dumps({"packages": len(self.weights), "days": self.days})

    def GetMaxWeight(self):
        r"""Return the weight of the heaviest package.

        Returns:
            str: The largest package weight.

        Example Output:
            "10"
        """
        return str(max(self.weights, default=0))

    def GetTotalWeight(self):
        r"""Return the combined weight of all packages.

        Returns:
            str: The sum of all package weights.

        Example Output:
            "55"
        """
        return str(sum(self.weights))

    def DaysNeeded(self, capacity: int):
        r"""Simulate shipping with a given capacity and count the days it takes.

        Packages are loaded in their original order; a day ends when the next package would exceed the capacity.

        Args:
            capacity (int): The ship's daily weight capacity; must be at least the heaviest package.

        Returns:
            str: The number of days needed with this capacity.

        Example Output:
            "5"
        """
        if capacity < max(self.weights, default=0):
            return f"Error: capacity {capacity} is smaller than the heaviest package"
        return str(self._days_for(capacity))

    def Done(self, answer):
        r"""Submit the least ship capacity that ships every package within the allowed number of days.

        Args:
            answer (int): The submitted capacity.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 15, reference answer: 15, result: correct, reward=1"
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
        lo = int(self.step(json.dumps({"name": "GetMaxWeight", "parameters": {}}))[1])
        hi = int(self.step(json.dumps({"name": "GetTotalWeight", "parameters": {}}))[1]) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            days = int(self.step(json.dumps({"name": "DaysNeeded", "parameters": {"capacity": mid}}))[1])
            if days <= info["days"]:
                hi = mid
            else:
                lo = mid + 1
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": lo}}))[1]


if __name__ == "__main__":
    env = ShipCapacityEnv.from_env_str('ShipCapacityEnv@{"weights": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "days": 5}')
    print(env.solve())
    print("steps:", env.step_count)
