import gymnasium
import json


class CoinChangeEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.INIT_TABLE = 1
        self.RELAX = 2
        self.GET_VALUE = 3
        self.DONE = 4

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "InitTable": self.INIT_TABLE,
            "Relax": self.RELAX,
            "GetValue": self.GET_VALUE,
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
        prefix = "CoinChangeEnv@"
        if not env_str.startswith(prefix):
            return None
        return CoinChangeEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.coins = [int(c) for c in options.get("coins", [])]
        self.amount = int(options.get("amount", 0))
        self.table = None
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Breadth-first search over remaining amounts: the first time 0 is reached gives the fewest coins.
        if self.amount == 0:
            return 0
        frontier, seen, coins_used = [self.amount], {self.amount}, 0
        while frontier:
            coins_used += 1
            nxt = []
            for rest in frontier:
                for coin in self.coins:
                    left = rest - coin
                    if left == 0:
                        return coins_used
                    if left > 0 and left not in seen:
                        seen.add(left)
                        nxt.append(left)
            frontier = nxt
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
            elif code == self.INIT_TABLE:
                self._require(name, params, "amount")
                msg = self.InitTable(params["amount"])
            elif code == self.RELAX:
                self._require(name, params, "amount", "coin")
                msg = self.Relax(params["amount"], params["coin"])
            elif code == self.GET_VALUE:
                self._require(name, params, "amount")
                msg = self.GetValue(params["amount"])
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

    def _format(self, value):
        return "inf" if value is None else str(value)

    # ---------------- tools ----------------

    def Observe(self):
        r"""Show the available coin denominations and the target amount.

        Returns:
            str: A JSON object with the keys "coins" (list of denominations) and "amount".

        Example Output:
            {"coins": [1, 2, 5], "amount": 11}
        """
        return json.dumps({"coins": self.coins, "amount": self.amount})

    def InitTable(self, amount: int):
        r"""Create the DP table for amounts 0..amount: table[0] = 0 and every other entry is infinity.

        Args:
            amount (int): The largest amount the table must cover.

        Returns:
            str: A confirmation message.

        Example Output:
            "Table created for amounts 0..11."
        """
        if amount < 0:
            return "Error: amount must be non-negative"
        self.table = [0] + [None] * amount
        return f"Table created for amounts 0..{amount}."

    def Relax(self, amount: int, coin: int):
        r"""Try to improve table[amount] by using one coin of the given denomination.

        Sets table[amount] = min(table[amount], table[amount - coin] + 1) when amount - coin >= 0
        and table[amount - coin] is finite.

        Args:
            amount (int): The amount whose entry is updated.
            coin (int): The denomination of the coin that is used last.

        Returns:
            str: The value of table[amount] after the update ("inf" if it is still unreachable).

        Example Output:
            "3"
        """
        if self.table is None:
            return "Error: the table has not been created; call InitTable first"
        if not 0 <= amount < len(self.table):
            return f"Error: amount {amount} is outside the table"
        if coin not in self.coins:
            return f"Error: {coin} is not an available denomination"
        rest = amount - coin
        if rest >= 0 and self.table[rest] is not None:
            candidate = self.table[rest] + 1
            if self.table[amount] is None or candidate < self.table[amount]:
                self.table[amount] = candidate
        return self._format(self.table[amount])

    def GetValue(self, amount: int):
        r"""Read one entry of the DP table.

        Args:
            amount (int): The amount to look up.

        Returns:
            str: The fewest coins found so far for that amount, or "inf" if it is not reachable yet.

        Example Output:
            "inf"
        """
        if self.table is None:
            return "Error: the table has not been created; call InitTable first"
        if not 0 <= amount < len(self.table):
            return f"Error: amount {amount} is outside the table"
        return self._format(self.table[amount])

    def Done(self, answer):
        r"""Submit the fewest number of coins that make up the amount.

        Args:
            answer (int): The number of coins, or -1 if the amount cannot be formed.

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
        info = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        coins, amount = info["coins"], info["amount"]
        self.step(json.dumps({"name": "InitTable", "parameters": {"amount": amount}}))
        for value in range(1, amount + 1):
            for coin in coins:
                if coin <= value:
                    self.step(json.dumps({"name": "Relax", "parameters": {"amount": value, "coin": coin}}))
        best = self.step(json.dumps({"name": "GetValue", "parameters": {"amount": amount}}))[1]
        answer = -1 if best == "inf" else int(best)
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": answer}}))[1]


if __name__ == "__main__":
    env = CoinChangeEnv.from_env_str('CoinChangeEnv@{"coins": [1, 2, 5], "amount": 11}')
    print(env.solve())
    print("steps:", env.step_count)
