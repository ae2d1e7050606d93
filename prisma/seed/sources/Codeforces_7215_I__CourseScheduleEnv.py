import gymnasium
import heapq
import json


class CourseScheduleEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_IN_DEGREE = 1
        self.GET_DEPENDENTS = 2
        self.LIST_AVAILABLE = 3
        self.TAKE_COURSE = 4
        self.DONE = 5

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetInDegree": self.GET_IN_DEGREE,
            "GetDependents": self.GET_DEPENDENTS,
            "ListAvailable": self.LIST_AVAILABLE,
            "TakeCourse": self.TAKE_COURSE,
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
        prefix = "CourseScheduleEnv@"
        if not env_str.startswith(prefix):
            return None
        return CourseScheduleEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.n = int(options.get("n", 0))
        # Each pair [course, prerequisite] means the prerequisite must be taken before the course.
        self.prerequisites = [tuple(pair) for pair in options.get("prerequisites", [])]
        self.dependents = {c: [] for c in range(self.n)}
        self.in_degree = [0] * self.n
        for course, prerequisite in self.prerequisites:
            self.dependents[prerequisite].append(course)
            self.in_degree[course] += 1
        for course in self.dependents:
            self.dependents[course].sort()
        self.taken = []
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Kahn's algorithm, always taking the smallest available course; [] when there is a cycle.
        degree = [0] * self.n
        for course, _ in self.prerequisites:
            degree[course] += 1
        heap = [c for c in range(self.n) if degree[c] == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            course = heapq.heappop(heap)
            order.append(course)
            for nxt in self.dependents[course]:
                degree[nxt] -= 1
                if degree[nxt] == 0:
                    heapq.heappush(heap, nxt)
        return order if len(order) == self.n else []

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
            elif code == self.GET_IN_DEGREE:
                self._require(name, params, "course")
                msg = self.GetInDegree(params["course"])
            elif code == self.GET_DEPENDENTS:
                self._require(name, params, "course")
                msg = self.GetDependents(params["course"])
            elif code == self.LIST_AVAILABLE:
                msg = self.ListAvailable()
            elif code == self.TAKE_COURSE:
                self._require(name, params, "course")
                msg = self.TakeCourse(params["course"])
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

    def _check_course(self, course):
        if not isinstance(course, int) or not 0 <= course < self.n:
            raise ValueError(f"course {course} does not exist (courses are numbered 0..{self.n - 1})")

    # ---------------- tools ----------------

    def Observe(self):
        r"""Report the number of courses and the number of prerequisite relations.

        Returns:
            str: A JSON object with the keys "courses" and "prerequisites".

        Example Output:
            {"courses": 4, "prerequisites": 4}
        """
        return json.dumps({"courses": self.n, "prerequisites": len(self.prerequisites)})

    def GetInDegree(self, course: int):
        r"""Return how many prerequisites of a course have not been taken yet.

        Args:
            course (int): The course number, from 0 to n - 1.

        Returns:
            str: The number of prerequisites still missing.

        Example Output:
            "2"
        """
        self._check_course(course)
        return str(self.in_degree[course])

    def GetDependents(self, course: int):
        r"""List the courses that directly require the given course.

        Args:
            course (int): The course number, from 0 to n - 1.

        Returns:
            str: A JSON list of course numbers in increasing order.

        Example Output:
            [1, 2]
        """
        self._check_course(course)
        return json.dumps(self.dependents[course])

    def ListAvailable(self):
        r"""List the courses that have not been taken and whose prerequisites have all been taken.

        Returns:
            str: A JSON list of course numbers in increasing order (empty when nothing can be taken).

        Example Output:
            [0, 3]
        """
        taken = set(self.taken)
        return json.dumps([c for c in range(self.n) if c not in taken and self.in_degree[c] == 0])

    def TakeCourse(self, course: int):
        r"""Take a course whose prerequisites are all satisfied and release the courses that depend on it.

        Args:
            course (int): The course number, from 0 to n - 1.

        Returns:
            str: A message listing the courses taken so far.

        Example Output:
            "Took course 0. Taken so far: [0]"
        """
        self._check_course(course)
        if course in self.taken:
            return f"Error: course {course} has already been taken"
        if self.in_degree[course] > 0:
            return f"Error: course {course} still has {self.in_degree[course]} prerequisite(s) to take"
        self.taken.append(course)
        for nxt in self.dependents[course]:
            self.in_degree[nxt] -= 1
        return f"Took course {course}. Taken so far: {self.taken}"

    def Done(self, answer):
        r"""Submit an order in which all courses can be taken.

        The expected order always takes the smallest-numbered available course next.

        Args:
            answer (list[int]): The course order, or an empty list if no valid order exists.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: [0, 1, 2, 3], reference answer: [0, 1, 2, 3], result: correct, reward=1"
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
        n = info["courses"]
        order = []
        while len(order) < n:
            available = json.loads(self.step(json.dumps({"name": "ListAvailable", "parameters": {}}))[1])
            for course in available[:1]:
                self.step(json.dumps({"name": "TakeCourse", "parameters": {"course": course}}))
                order.append(course)
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": order}}))[1]


if __name__ == "__main__":
    env = CourseScheduleEnv.from_env_str(
        'CourseScheduleEnv@{"n": 4, "prerequisites": [[1, 0], [2, 0], [3, 1], [3, 2]]}'
    )
    print(env.solve())
    print("steps:", env.step_count)
