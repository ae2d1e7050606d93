import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES, parseSourceOnce, SourceParser } from "./parse-sources";

const parser = new SourceParser();
afterAll(() => parser.close());

const PAIR_SUM = `import gymnasium, json, ast

class PairSumEnv(gymnasium.Env):
    def __init__(self, env_str=None):
        super().__init__()
        self.func_mapping = {"Observe": 0, "AddPair": 1, "Done": 2}
        self.reset(ast.literal_eval(env_str.split("@", 1)[1]) if env_str else {})

    @staticmethod
    def from_env_str(env_str):
        return PairSumEnv(env_str) if env_str.startswith("PairSumEnv@") else None

    def reset(self, options={}):
        self.a, self.b = options.get("a", 0), options.get("b", 0)
        self._reward, self._done, self.step_count = 0, False, 0

    def get_ref_answer(self):
        return self.a + self.b

    def step(self, action):
        self.step_count += 1
        call = json.loads(action)
        name, p = call["name"], call["parameters"]
        if name == "Observe": return True, self.Observe()
        if name == "AddPair": return True, self.AddPair(p["x"], p["y"])
        if name == "Done": return True, self.Done(p["answer"])
        return True, f"Error: Invalid action: {name}"

    def Observe(self):
        r"""Return the two numbers.

        Returns:
            str: JSON list [a, b].
        """
        return json.dumps([self.a, self.b])

    def AddPair(self, x: int, y: int):
        r"""Add two integers.

        Args:
            x (int): first addend.
            y (int): second addend.
        Returns:
            str: the sum.
        """
        return str(x + y)

    def Done(self, answer):
        r"""Submit the final answer.

        Args:
            answer (int): the submitted sum.
        Returns:
            str: verdict with reward.
        """
        self._reward = int(answer == self.get_ref_answer()); self._done = True
        return f"Result: {'Correct' if self._reward else 'Incorrect'}, reward={self._reward}"

    def solve(self):
        a, b = json.loads(self.step(json.dumps({"name": "Observe", "parameters": {}}))[1])
        s = int(self.step(json.dumps({"name": "AddPair", "parameters": {"x": a, "y": b}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": s}}))[1]
`;

// Written out by hand from the rule in CODEGYM_FORMAT.md, not produced by the parser.
const PAIR_SUM_DOCS = [
  "",
  "Function:",
  "",
  "def Observe():",
  '    r"""Return the two numbers.',
  "",
  "    Returns:",
  "        str: JSON list [a, b].",
  '    """',
  "",
  "Function:",
  "",
  "def AddPair(x: int, y: int):",
  '    r"""Add two integers.',
  "",
  "    Args:",
  "        x (int): first addend.",
  "        y (int): second addend.",
  "    Returns:",
  "        str: the sum.",
  '    """',
  "",
  "Function:",
  "",
  "def Done(answer):",
  '    r"""Submit the final answer.',
  "",
  "    Args:",
  "        answer (int): the submitted sum.",
  "    Returns:",
  "        str: verdict with reward.",
  '    """',
  "",
].join("\n");

/** A small env whose tools are given as method source, for the cases PairSumEnv lacks. */
function envWith(mapping: string, methods: string): string {
  return `import gymnasium

class ProbeEnv(gymnasium.Env):
    def __init__(self):
        self.func_mapping = {${mapping}}

${methods}
    def solve(self):
        return self.step("{}")
`;
}

/** A stand-in parser script, for the failures the real one should never have. */
function writeScript(...lines: string[]): string {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "parse-sources-")), "parser.py");
  writeFileSync(script, lines.join("\n"));
  return script;
}

const kinds = (parsed: { findings: { kind: string }[] }) => parsed.findings.map((f) => f.kind);

describe("parsing PairSumEnv", () => {
  it("finds the class and its three tools in func_mapping order", async () => {
    const parsed = await parser.parse(PAIR_SUM);
    expect(parsed.className).toBe("PairSumEnv");
    expect(parsed.funcMapping).toEqual([
      { name: "Observe", actionCode: 0 },
      { name: "AddPair", actionCode: 1 },
      { name: "Done", actionCode: 2 },
    ]);
    expect(parsed.tools.map((t) => [t.position, t.name, t.actionCode, t.signature])).toEqual([
      [0, "Observe", 0, "def Observe()"],
      [1, "AddPair", 1, "def AddPair(x: int, y: int)"],
      [2, "Done", 2, "def Done(answer)"],
    ]);
    expect(parsed.findings).toEqual([]);
  });

  it("reads descriptions, parameters and returns from the docstrings", async () => {
    const [observe, addPair, done] = (await parser.parse(PAIR_SUM)).tools;
    expect(observe).toMatchObject({ description: "Return the two numbers.", parameters: [], returns: "str: JSON list [a, b]." });
    expect(addPair).toMatchObject({
      description: "Add two integers.",
      returns: "str: the sum.",
      exampleOutput: "",
      lineStart: 37,
      lineEnd: 46,
      parameters: [
        { name: "x", type: "int", annotation: "int", description: "first addend." },
        { name: "y", type: "int", annotation: "int", description: "second addend." },
      ],
    });
    expect(done?.parameters).toEqual([{ name: "answer", type: "int", annotation: null, description: "the submitted sum." }]);
  });

  it("builds the docs block exactly by the format's rule", async () => {
    expect((await parser.parse(PAIR_SUM)).docsBlock).toBe(PAIR_SUM_DOCS);
  });

  it("gives the same block from docs_block() in Python", () => {
    const script = "import sys, codegym_parse; sys.stdout.write(codegym_parse.docs_block(sys.stdin.read()))";
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const run = spawnSync(python, ["-c", script], {
      input: PAIR_SUM,
      encoding: "utf8",
      env: { ...process.env, PYTHONPATH: path.resolve("lib/python") },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(PAIR_SUM_DOCS);
  });
});

describe("tool documentation", () => {
  it("drops Example Output from the docs block but keeps it on the tool", async () => {
    const parsed = await parser.parse(
      envWith(
        '"Count": 0',
        `    def Count(self, items: list):
        """Count the items.

        Args:
            items (list[int]): what to count.
        Returns:
            int: how many.
        Example Output:
            3
            (always a number)
        """
        return len(items)
`,
      ),
    );
    expect(parsed.docsBlock).toBe(
      '\nFunction:\n\ndef Count(items: list):\n    """Count the items.\n\n    Args:\n        items (list[int]): what to count.\n' +
        '    Returns:\n        int: how many.\n    """\n',
    );
    expect(parsed.tools[0]).toMatchObject({ exampleOutput: "3\n(always a number)", returns: "int: how many." });
    expect(parsed.tools[0]?.parameters[0]).toMatchObject({ type: "list[int]", annotation: "list" });
  });

  it("handles multi-line signatures and ''' and one-line docstrings", async () => {
    const parsed = await parser.parse(
      envWith(
        '"Move": 0, "Done": 1',
        `    def Move(
        self,
        dx: int,
        dy: "int" = 0,  # a comment: with a colon
    ) -> str:
        '''Move by (dx, dy).

        Args:
            dx (int): horizontal.
            dy (int): vertical.
        '''
        return ""

    def Done(self, answer): """Submit answer."""
`,
      ),
    );
    const [move, done] = parsed.tools;
    expect(move?.signature).toBe('def Move(\n    dx: int,\n    dy: "int" = 0,  # a comment: with a colon\n) -> str');
    expect(move?.parameters.map((p) => [p.name, p.type, p.annotation])).toEqual([
      ["dx", "int", "int"],
      ["dy", "int", '"int"'],
    ]);
    expect(done).toMatchObject({ signature: "def Done(answer)", description: "Submit answer." });
    expect(parsed.docsBlock).toBe(
      "\nFunction:\n\ndef Move(\n    self,\n    dx: int,\n" +
        '    dy: "int" = 0,  # a comment: with a colon\n) -> str:\n' +
        "    '''Move by (dx, dy).\n\n    Args:\n        dx (int): horizontal.\n        dy (int): vertical.\n    '''\n" +
        '\nFunction:\n\ndef Done(answer): """Submit answer."""\n',
    );
  });

  it("resolves action codes the CodeGym template names as self constants", async () => {
    const source = envWith('"Observe": self.OBSERVE, "Done": DONE', "").replace(
      "        self.func_mapping",
      "        self.OBSERVE = 0\n        DONE = 1\n        self.func_mapping",
    );
    const parsed = await parser.parse(source);
    expect(parsed.funcMapping).toEqual([
      { name: "Observe", actionCode: 0 },
      { name: "Done", actionCode: 1 },
    ]);
  });
});

describe("findings", () => {
  it("reports a syntax error with its line, and nothing else", async () => {
    const parsed = await parser.parse("import gymnasium\n\nclass BrokenEnv(gymnasium.Env):\n    def f(self:\n        pass\n");
    expect(parsed).toMatchObject({ className: null, tools: [], docsBlock: "" });
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({ kind: "syntax_error", line: 4 });
  });

  it("reports a tool with no method and leaves it out of the docs block", async () => {
    const parsed = await parser.parse(envWith('"Ghost": 0, "Done": 1', '    def Done(self):\n        """Finish."""\n'));
    expect(parsed.tools[0]).toMatchObject({ name: "Ghost", signature: "", lineStart: null, lineEnd: null });
    expect(parsed.findings).toContainEqual(expect.objectContaining({ kind: "missing_method", tool: "Ghost", line: 5 }));
    expect(parsed.docsBlock).toBe('\nFunction:\n\ndef Done():\n    """Finish."""\n');
  });

  it("reports undocumented and unknown arguments, and missing docstrings", async () => {
    const parsed = await parser.parse(
      envWith(
        '"Add": 0, "Peek": 1',
        `    def Add(self, x, y):
        """Add.

        Args:
            x (int): first.
            z (int): not a parameter.
        """

    def Peek(self):
        return 0
`,
      ),
    );
    expect(parsed.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "undocumented_argument", tool: "Add", line: 7 }),
        expect.objectContaining({ kind: "unknown_argument", tool: "Add", line: 12 }),
        expect.objectContaining({ kind: "no_docstring", tool: "Peek" }),
        expect.objectContaining({ kind: "no_done_tool" }),
      ]),
    );
  });

  it("reports a module without an env class, or an env class without func_mapping", async () => {
    expect(kinds(await parser.parse("class Plain:\n    pass\n"))).toEqual(["no_class"]);
    const bare = await parser.parse("import gymnasium\nclass BareEnv(gymnasium.Env):\n    pass\n");
    expect(bare.className).toBe("BareEnv");
    expect(kinds(bare)).toContain("no_func_mapping");
    expect(kinds(bare)).toContain("no_solve");
  });
});

describe("the parser process", () => {
  it("survives hostile input and keeps answering", async () => {
    const hostile = ["(".repeat(100_000), "-".repeat(100_000) + "1", "x = " + "+1".repeat(100_000), "x\0", "s = '\ud800'"];
    for (const parsed of await Promise.all(hostile.map((s) => parser.parse(s)))) {
      expect(kinds(parsed)).toEqual(["syntax_error"]);
    }
    expect((await parser.parse(PAIR_SUM)).className).toBe("PairSumEnv");
  });

  it("matches 500 pipelined answers to their requests", async () => {
    const sources = Array.from({ length: 500 }, (_, i) => PAIR_SUM.replaceAll("PairSumEnv", `Pair${i}Env`));
    const parsed = await Promise.all(sources.map((s) => parser.parse(s)));
    expect(parsed.map((p) => p.className)).toEqual(sources.map((_, i) => `Pair${i}Env`));
  });

  it("answers an oversized source itself, without sending it", async () => {
    const parsed = await parser.parse("#".repeat(MAX_SOURCE_BYTES + 1));
    expect(kinds(parsed)).toEqual(["source_too_large"]);
  });

  it("rejects the pending requests of a process that dies, then starts a new one", async () => {
    // A stand-in parser that dies on a marker and otherwise answers like the real one.
    const script = writeScript(
      "import sys",
      `sys.path.insert(0, ${JSON.stringify(path.resolve("lib/python"))})`,
      "import codegym_parse",
      "for raw in sys.stdin.buffer:",
      "    if b'DIE_NOW' in raw:",
      "        sys.stderr.write('dying as asked')",
      "        sys.exit(3)",
      "    print(codegym_parse.answer(raw), flush=True)",
    );
    const dying = new SourceParser({ script });
    try {
      const doomed = dying.parse("# DIE_NOW");
      await expect(doomed).rejects.toThrow(/exited with code 3: dying as asked/);
      expect((await dying.parse(PAIR_SUM)).className).toBe("PairSumEnv");
    } finally {
      await dying.close();
    }
  });

  it("rejects a request the parser could not answer, and goes on", async () => {
    const script = writeScript(
      "import json, sys",
      "for raw in sys.stdin.buffer:",
      "    request = json.loads(raw)",
      "    body = {'error': 'boom'} if request['source'] == 'fail' else {'result': {'className': 5}}",
      "    print(json.dumps({'id': request['id'], **body}), flush=True)",
    );
    const broken = new SourceParser({ script });
    try {
      await expect(broken.parse("fail")).rejects.toThrow(/failed on this source: boom/);
      await expect(broken.parse("anything")).rejects.toThrow(/answer is malformed/);
    } finally {
      await broken.close();
    }
  });

  it("parses one source in a process of its own", async () => {
    expect((await parseSourceOnce(PAIR_SUM)).tools).toHaveLength(3);
  });
});
