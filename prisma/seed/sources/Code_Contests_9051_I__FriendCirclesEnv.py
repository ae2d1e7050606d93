import gymnasium
import json


class FriendCirclesEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_PAIR = 1
        self.FIND = 2
        self.UNION = 3
        self.COUNT_GROUPS = 4
        self.DONE = 5

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetPair": self.GET_PAIR,
            "Find": self.FIND,
            "Union": self.UNION,
            "CountGroups": self.COUNT_GROUPS,
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
        prefix = "FriendCirclesEnv@"
        if not env_str.startswith(prefix):
            return None
        return FriendCirclesEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.n = int(options.get("n", 0))
        self.pairs = [tuple(pair) for pair in options.get("pairs", [])]
        self.parent = list(range(self.n))
        self.size = [1] * self.n
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Count connected components with an iterative depth-first search.
        adjacency = {person: [] for person in range(self.n)}
        for a, b in self.pairs:
            adjacency[a].append(b)
            adjacency[b].append(a)
        seen, groups = set(), 0
        for person in range(self.n):
            if person in seen:
                continue
            groups += 1
            stack = [person]
            seen.add(person)
            while stack:
                current = stack.pop()
                for friend in adjacency[current]:
                    if friend not in seen:
                        seen.add(friend)
                        stack.append(friend)
        return groups

    def _find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

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
            elif code == self.GET_PAIR:
                self._require(name, params, "index")
                msg = self.GetPair(params["index"])
            elif code == self.FIND:
                self._require(name, params, "person")
                msg = self.Find(params["person"])
            elif code == self.UNION:
                self._require(name, params, "a", "b")
                msg = self.Union(params["a"], params["b"])
            elif code == self.COUNT_GROUPS:
                msg = self.CountGroups()
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

    def _check_person(self, person):
        if not isinstance(person, int) or not 0 <= person < self.n:
            raise ValueError(f"person {person} does not exist (people are numbered 0..{self.n - 1})")

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report the number of people and the number of friendship pairs.

        Returns:
            str: A JSON object with the keys "people" and "pairs".

        Example Output:
            {"people": 5, "pairs": 3}
        """
        return json.dumps({"people": self.n, "pairs": len(self.pairs)})

    def GetPair(self, index: int):
        r"""Read one friendship pair.

        Args:
            index (int): Zero-based index of the pair.

        Returns:
            str: The two friends as a JSON pair [a, b].

        Example Output:
            [0, 1]
        """
        if not 0 <= index < len(self.pairs):
            return f"Error: index {index} is out of range for {len(self.pairs)} pairs"
        return json.dumps(list(self.pairs[index]))

    def Find(self, person: int):
        r"""Return the representative of the group that currently contains a person.

        Args:
            person (int): The person's number, from 0 to n - 1.

        Returns:
            str: The representative's number; two people are in the same group exactly when their representatives are equal.

        Example Output:
            "0"
        """
        self._check_person(person)
        return str(self._find(person))

    def Union(self, a: int, b: int):
        r"""Merge the groups that contain two people (union by size).

        Args:
            a (int): The first person.
            b (int): The second person.

        Returns:
            str: "merged" if two different groups were joined, "already connected" otherwise.

        Example Output:
            "merged"
        """
        self._check_person(a)
        self._check_person(b)
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return "already connected"
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return "merged"

    def CountGroups(self):
        r"""Count the groups that currently exist.

        Returns:
            str: The number of distinct representatives.

        Example Output:
            "2"
        """
        return str(sum(1 for person in range(self.n) if self._find(person) == person))

    def Done(self, answer):
        r"""Submit the number of friend circles.

        Args:
            answer (int): The submitted number of circles.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: 2, reference answer: 2, result: correct, reward=1"
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
        for index in range(info["pairs"]):
            a, b = json.loads(self.step(json.dumps({"name": "GetPair", "parameters": {"index": index}}))[1])
            self.step(json.dumps({"name": "Union", "parameters": {"a": a, "b": b}}))
        groups = int(self.step(json.dumps({"name": "CountGroups", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": groups}}))[1]


if __name__ == "__main__":
    env = FriendCirclesEnv.from_env_str('FriendCirclesEnv@{"n": 5, "pairs": [[0, 1], [1, 2], [3, 4]]}')
    print(env.solve())
    print("steps:", env.step_count)
