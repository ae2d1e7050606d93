import gymnasium
import json


class BracketValidatorEnv(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()

        # Action codes
        self.OBSERVE = 0
        self.GET_CHAR = 1
        self.PUSH_CHAR = 2
        self.POP_CHAR = 3
        self.PEEK_TOP = 4
        self.IS_MATCHING = 5
        self.STACK_SIZE = 6
        self.DONE = 7

        # Tool name -> action code
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetChar": self.GET_CHAR,
            "PushChar": self.PUSH_CHAR,
            "PopChar": self.POP_CHAR,
            "PeekTop": self.PEEK_TOP,
            "IsMatching": self.IS_MATCHING,
            "StackSize": self.STACK_SIZE,
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
        prefix = "BracketValidatorEnv@"
        if not env_str.startswith(prefix):
            return None
        return BracketValidatorEnv(env_str=env_str)

    def reset(self, options: dict = None):
        options = options or {}
        self.s = str(options.get("s", ""))
        self.stack = []
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "Environment has been reset."

    def get_ref_answer(self):
        # Repeatedly delete adjacent matching pairs; the string is valid iff nothing is left.
        s = self.s
        while True:
            shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
            if shorter == s:
                return s == ""
            s = shorter

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
            elif code == self.PUSH_CHAR:
                self._require(name, params, "char")
                msg = self.PushChar(params["char"])
            elif code == self.POP_CHAR:
                msg = self.PopChar()
            elif code == self.PEEK_TOP:
                msg = self.PeekTop()
            elif code == self.IS_MATCHING:
                self._require(name, params, "open_char", "close_char")
                msg = self.IsMatching(params["open_char"], params["close_char"])
            elif code == self.STACK_SIZE:
                msg = self.StackSize()
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
        r"""Report the length of the bracket string.

        Returns:
            str: A sentence stating the number of characters.

        Example Output:
            "The string has 6 characters."
        """
        return f"The string has {len(self.s)} characters."

    def GetChar(self, index: int):
        r"""Read one character of the bracket string.

        Args:
            index (int): Zero-based position of the character.

        Returns:
            str: The character, one of ( ) [ ] { }.

        Example Output:
            "["
        """
        if not 0 <= index < len(self.s):
            return f"Error: index {index} is out of range for a string of length {len(self.s)}"
        return self.s[index]

    def PushChar(self, char: str):
        r"""Push an opening bracket onto the stack.

        Args:
            char (str): The opening bracket to push.

        Returns:
            str: A confirmation message with the new stack size.

        Example Output:
            "Pushed '('; stack size is 1."
        """
        if char not in "([{" or len(char) != 1:
            return f"Error: only opening brackets can be pushed, got {char!r}"
        self.stack.append(char)
        return f"Pushed '{char}'; stack size is {len(self.stack)}."

    def PopChar(self):
        if not self.stack:
            return "Error: the stack is empty"
        return self.stack.pop()

    def PeekTop(self):
        r"""Look at the bracket on top of the stack without removing it.

        Returns:
            str: The top bracket, or "empty" when the stack is empty.

        Example Output:
            "{"
        """
        return self.stack[-1] if self.stack else "empty"

    def IsMatching(self, open_char: str, close_char: str):
        r"""Check whether an opening bracket and a closing bracket form a pair.

        Args:
            open_char (str): The opening bracket.

        Returns:
            str: "true" if the two brackets match, "false" otherwise.

        Example Output:
            "true"
        """
        return "true" if open_char + close_char in ("()", "[]", "{}") else "false"

    def StackSize(self):
        r"""Return the number of brackets currently on the stack.

        Returns:
            str: The stack size.

        Example Output:
            "0"
        """
        return str(len(self.stack))

    def Done(self, answer):
        r"""Submit whether the bracket string is valid.

        Args:
            answer (bool): True if every bracket is closed by the matching type in the correct order.

        Returns:
            str: The verdict, ending with the reward.

        Example Output:
            "Your answer: True, reference answer: True, result: correct, reward=1"
        """
        ref = self.get_ref_answer()
        correct = isinstance(answer, bool) and answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        verdict = "correct" if correct else "incorrect"
        return f"Your answer: {answer}, reference answer: {ref}, result: {verdict}, reward={self._reward}"

    # ---------------- oracle ----------------

    def solve(self):
        observed = self.step(json.dumps({"name": "Observe", "parameters": {}}))[1]
        n = int(observed.split()[3])
        for index in range(n):
            char = self.step(json.dumps({"name": "GetChar", "parameters": {"index": index}}))[1]
            if char in "([{":
                self.step(json.dumps({"name": "PushChar", "parameters": {"char": char}}))
                continue
            top = self.step(json.dumps({"name": "PeekTop", "parameters": {}}))[1]
            if top == "empty":
                return self.step(json.dumps({"name": "Done", "parameters": {"answer": False}}))[1]
            pair = self.step(json.dumps({"name": "IsMatching", "parameters": {"open_char": top, "close_char": char}}))[1]
            if pair != "true":
                return self.step(json.dumps({"name": "Done", "parameters": {"answer": False}}))[1]
            self.step(json.dumps({"name": "PopChar", "parameters": {}}))
        size = int(self.step(json.dumps({"name": "StackSize", "parameters": {}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": size == 0}}))[1]


if __name__ == "__main__":
    env = BracketValidatorEnv.from_env_str('BracketValidatorEnv@{"s": "([]{})"}')
    print(env.solve())
    print("steps:", env.step_count)
