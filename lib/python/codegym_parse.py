"""Static reader for CodeGym environment sources.

Finds the environment class, its tools in func_mapping order, their documentation and
common defects, and builds the tool docs block that training prompts show. Sources are
untrusted, so they are only ever parsed with ast: never imported, compiled or run here.

Run as a script it serves JSON Lines: {"id", "source"} in, {"id", "result" | "error"} out,
one answer per request, in order.
"""

from __future__ import annotations

import ast
import gc
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, TextIO, Union

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]

ENV_BASE_NAMES = {"Env"}
ENV_BASE_MODULES = {"gymnasium", "gym"}
DOCS_DEDENT = "    "
REQUIRED_METHODS = {
    "solve": "no_solve",
    "step": "no_step",
    "reset": "no_reset",
    "from_env_str": "no_from_env_str",
    "get_ref_answer": "no_get_ref_answer",
}
SECTION_HEADER = re.compile(
    r"(args|arguments|returns?|raises|example outputs?)\s*:\s*(.*)", re.IGNORECASE
)
SECTION_ALIASES = {"arguments": "args", "return": "returns", "example outputs": "example output"}
ARG_NAME = re.compile(r"\*{0,2}([A-Za-z_]\w*)\s*")
# ast reports lines split the way the tokenizer splits them, not str.splitlines().
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class EnvClass:
    node: ast.ClassDef
    # Own methods first, then those inherited from classes in the same module.
    methods: dict[str, FunctionNode]
    chain: list[ast.ClassDef]
    # The value assigned to func_mapping and the method or class body assigning it.
    mapping: tuple[ast.expr, ast.AST] | None = None


@dataclass
class Tool:
    name: str
    action_code: Any
    key_line: int | None
    method: FunctionNode | None = None
    # (start line, start column, end line, end column) of `def ...` before its colon.
    header: tuple[int, int, int, int] | None = None


@dataclass
class Module:
    lines: list[str]
    env: EnvClass | None
    tools: list[Tool]
    findings: list[dict]


def finding(kind: str, message: str, line: int | None = None, tool: str | None = None) -> dict:
    return {"kind": kind, "message": message, "line": line, "tool": tool}


# ---------------------------------------------------------------- the tool docs block


def docs_block(source: str) -> str:
    """The tool docs block, by the rule in CODEGYM_FORMAT.md; "" when it cannot be parsed."""
    module = read_module(source)
    return render_docs_block(module) if isinstance(module, Module) else ""


def render_docs_block(module: Module) -> str:
    return "".join(
        "\nFunction:\n\n" + "\n".join(tool_doc_lines(module.lines, tool)) + "\n"
        for tool in module.tools
        if tool.method is not None
    )


def tool_doc_lines(lines: list[str], tool: Tool) -> list[str]:
    method, signature_end = tool.method, tool.header[2]
    docstring = docstring_node(method)
    last = docstring.end_lineno if docstring else signature_end
    out = []
    for number in range(method.lineno, last + 1):
        line = dedent_one_level(lines[number - 1])
        if number <= signature_end:
            line = line.replace("(self, ", "(").replace("(self)", "()")
        out.append(line)
    if docstring:
        out = drop_example_output(out, docstring.lineno - method.lineno)
    return out


def dedent_one_level(line: str) -> str:
    if not line.strip():
        return ""
    return line[len(DOCS_DEDENT) :] if line.startswith(DOCS_DEDENT) else line.lstrip(" ")


def drop_example_output(out: list[str], docstring_start: int) -> list[str]:
    """Drop from the first docstring line naming Example Output up to the closing line."""
    closing = len(out) - 1
    for index in range(docstring_start, closing):
        if "Example Output" in out[index]:
            return out[:index] + out[closing:]
    return out


# ---------------------------------------------------------------- reading the module


def read_module(source: str) -> Module | dict:
    """The analysed module, or a syntax_error finding when ast cannot parse it."""
    # Python drops a UTF-8 BOM when it reads a file; ast.parse on a str does not.
    source = source.removeprefix("\ufeff")
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return syntax_error_finding(error)
    except (RecursionError, MemoryError):
        return finding("syntax_error", "source is nested too deeply to parse")
    except ValueError as error:  # null bytes, lone surrogates
        return finding("syntax_error", str(error))
    lines = LINE_BREAK.split(source)
    findings: list[dict] = []
    env = find_env_class(tree, findings)
    tools = find_tools(env, tree, lines, findings) if env else []
    return Module(lines, env, tools, findings)


def syntax_error_finding(error: SyntaxError) -> dict:
    if not error.lineno:
        return finding("syntax_error", error.msg)
    column = f", column {error.offset}" if error.offset else ""
    return finding("syntax_error", f"{error.msg} (line {error.lineno}{column})", error.lineno)


def find_env_class(tree: ast.Module, findings: list[dict]) -> EnvClass | None:
    classes: dict[str, ast.ClassDef] = {}
    for node in statements(tree.body):
        if isinstance(node, ast.ClassDef):
            classes.setdefault(node.name, node)
    candidates = [
        EnvClass(node, *collect_methods(node, classes))
        for node in classes.values()
        if derives_from_env(node, classes)
    ]
    for env in candidates:
        env.mapping = func_mapping_assignment(env)
    if not candidates:
        findings.append(finding("no_class", "no class derives from gymnasium.Env"))
        return None
    bases = {base.name for env in candidates for base in env.chain[1:]}
    chosen = max(
        candidates,
        key=lambda env: (
            env.mapping is not None,
            env.node.name.endswith("Env"),
            env.node.name not in bases,
        ),
    )
    if len(candidates) > 1:
        names = ", ".join(env.node.name for env in candidates)
        message = f"several env classes ({names}); using {chosen.node.name}"
        findings.append(finding("multiple_env_classes", message, chosen.node.lineno))
    return chosen


def statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Statements in body and in its if/for/try/with/match blocks, in source order.
    Skips expressions (much cheaper than ast.walk: what we look for are statements) and
    the bodies of nested functions and classes (their own scopes)."""
    pending = list(reversed(body))
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, SCOPES):
            continue
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            pending.extend(reversed(getattr(node, name, ())))


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def derives_from_env(node: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> bool:
    pending, seen = [node], set()
    while pending:
        current = pending.pop()
        if current.name in seen:
            continue
        seen.add(current.name)
        for base in current.bases:
            if is_env_base(base):
                return True
            if isinstance(base, ast.Name) and base.id in classes:
                pending.append(classes[base.id])
    return False


def is_env_base(base: ast.expr) -> bool:
    if isinstance(base, ast.Name):
        return base.id in ENV_BASE_NAMES
    return (
        isinstance(base, ast.Attribute)
        and base.attr in ENV_BASE_NAMES
        and isinstance(base.value, ast.Name)
        and base.value.id in ENV_BASE_MODULES
    )


def collect_methods(
    node: ast.ClassDef, classes: dict[str, ast.ClassDef]
) -> tuple[dict[str, FunctionNode], list[ast.ClassDef]]:
    """Methods visible on the class, looking through bases defined in the same module."""
    methods: dict[str, FunctionNode] = {}
    chain: list[ast.ClassDef] = []
    pending = [node]
    while pending:
        current = pending.pop(0)
        if current in chain:
            continue
        chain.append(current)
        own = {s.name: s for s in current.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for name, method in own.items():
            methods.setdefault(name, method)
        pending.extend(classes[b.id] for b in current.bases if isinstance(b, ast.Name) and b.id in classes)
    return methods, chain


# ---------------------------------------------------------------- func_mapping and tools


def func_mapping_assignment(env: EnvClass) -> tuple[ast.expr, ast.AST] | None:
    """The value assigned to self.func_mapping (preferring __init__), and its scope."""
    scopes = sorted(env.methods.values(), key=lambda m: (m.name != "__init__", m.lineno))
    for method in scopes:
        for node in statements(method.body):
            if (
                isinstance(node, (ast.Assign, ast.AnnAssign))
                and node.value is not None
                and any(is_self_attribute(t, "func_mapping") for t in assignment_targets(node))
            ):
                return node.value, method
    for cls in env.chain:
        for node in cls.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "func_mapping" for t in node.targets
            ):
                return node.value, cls
    return None


def assignment_targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def is_self_attribute(node: ast.expr, attr: str | None = None) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and (attr is None or node.attr == attr)
    )


def find_tools(env: EnvClass, tree: ast.Module, lines: list[str], findings: list[dict]) -> list[Tool]:
    if env.mapping is None:
        message = "the env class never sets self.func_mapping"
        findings.append(finding("no_func_mapping", message, env.node.lineno))
        return []
    value, scope = env.mapping
    if not isinstance(value, ast.Dict):
        message = "self.func_mapping is not a dict literal"
        findings.append(finding("func_mapping_not_literal", message, value.lineno))
        return []
    tools = mapping_entries(value, known_constants(tree, env, scope, value.lineno), findings)
    for tool in tools:
        tool.method = env.methods.get(tool.name)
        if tool.method:
            tool.header = header_span(lines, tool.method)
    return tools


def mapping_entries(mapping: ast.Dict, constants: dict[str, dict], findings: list[dict]) -> list[Tool]:
    """The entries of the func_mapping literal as Python would build it: a repeated name
    keeps its first position and takes its last value."""
    tools: dict[str, Tool] = {}
    for key, code in zip(mapping.keys, mapping.values):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            message = "a func_mapping key is not a string literal"
            findings.append(finding("func_mapping_not_literal", message, (key or code).lineno))
            continue
        name = key.value
        if name in tools:
            findings.append(finding("duplicate_tool", f"{name} appears twice in func_mapping", key.lineno, name))
        resolved, action_code = resolve_constant(code, constants)
        if not resolved:
            message = f"the action code of {name} is not a literal"
            findings.append(finding("func_mapping_not_literal", message, code.lineno, name))
        first_line = tools[name].key_line if name in tools else key.lineno
        tools[name] = Tool(name, action_code, first_line)
    return list(tools.values())


def known_constants(tree: ast.Module, env: EnvClass, scope: ast.AST, before_line: int) -> dict[str, dict]:
    """Literal constants an action code may name: module or class names, and names or
    self.X set earlier in the assigning method (CodeGym's template sets self.OBSERVE = 0
    just before the mapping)."""
    constants: dict[str, dict] = {"self": {}, "name": {}}
    for body in [tree.body, *(cls.body for cls in reversed(env.chain))]:
        for node in body:
            for target, value in simple_assignments(node):
                if isinstance(target, ast.Name):
                    store_literal(constants["name"], target.id, value)
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for node in statements(scope.body):
            if getattr(node, "lineno", 0) >= before_line:
                break
            for target, value in simple_assignments(node):
                if is_self_attribute(target):
                    store_literal(constants["self"], target.attr, value)
                elif isinstance(target, ast.Name):
                    store_literal(constants["name"], target.id, value)
    return constants


def simple_assignments(node: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(target, value) pairs of `a = v`, `a = b = v` and `a, b = v, w`."""
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        yield node.target, node.value
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                if len(target.elts) == len(node.value.elts):
                    yield from zip(target.elts, node.value.elts)
            else:
                yield target, node.value


def store_literal(into: dict, name: str, node: ast.expr) -> None:
    resolved, value = literal(node)
    if resolved:
        into[name] = value


def resolve_constant(node: ast.expr, constants: dict[str, dict]) -> tuple[bool, Any]:
    if is_self_attribute(node) and node.attr in constants["self"]:
        return True, constants["self"][node.attr]
    if isinstance(node, ast.Name) and node.id in constants["name"]:
        return True, constants["name"][node.id]
    return literal(node)


def literal(node: ast.expr) -> tuple[bool, Any]:
    try:
        return True, jsonable(ast.literal_eval(node))
    except Exception:  # not a literal, or hostile enough to exhaust the evaluator
        return False, None


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: jsonable(item) for key, item in value.items()}
    return repr(value)


# ---------------------------------------------------------------- one tool's details


def header_span(lines: list[str], method: FunctionNode) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column) of `def ...` before its colon,
    1-based lines and 0-based str columns. ast gives no position for the colon, so scan
    from the end of the last parameter part (or annotation) ast does position; only
    brackets, commas, `/`, comments and line continuations can stand between."""
    start = method.lineno
    first = lines[start - 1]
    start_column = len(first) - len(first.lstrip())
    line, column = last_signature_position(lines, method)
    while line <= len(lines):
        text = lines[line - 1]
        while column < len(text) and text[column] in SIGNATURE_FILLER:
            column += 1
        if column < len(text) and text[column] == ":":
            return start, start_column, line, column
        line, column = line + 1, 0  # end of line, a comment or a backslash
    return start, start_column, start, len(first)  # unreachable for code ast accepted


SIGNATURE_FILLER = set(" \t\f,()/")


def last_signature_position(lines: list[str], method: FunctionNode) -> tuple[int, int]:
    """Where the last positioned part of the header ends (line, str column)."""
    args = method.args
    parts: list[ast.AST] = [
        *args.posonlyargs, *args.args, *args.kwonlyargs, *args.defaults,
        *(d for d in args.kw_defaults if d is not None),
        *(a for a in (args.vararg, args.kwarg, method.returns) if a is not None),
    ]
    if not parts:  # def name(): scan from the opening parenthesis (or the next line)
        text = lines[method.lineno - 1]
        paren = text.find("(")
        return method.lineno, paren if paren >= 0 else len(text)
    last = max(parts, key=lambda node: (node.end_lineno, node.end_col_offset))
    return last.end_lineno, str_column(lines[last.end_lineno - 1], last.end_col_offset)


def str_column(line: str, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; str indexes count characters."""
    return byte_offset if line.isascii() else len(line.encode()[:byte_offset].decode())


def signature_text(lines: list[str], tool: Tool) -> str:
    method, (start, start_column, end, end_column) = tool.method, tool.header
    indent = lines[start - 1][:start_column]
    if start == end:
        text = lines[start - 1][start_column:end_column]
    else:
        rest = [line.removeprefix(indent) for line in lines[start:end - 1]]
        last = lines[end - 1][:end_column].removeprefix(indent)
        text = "\n".join([lines[start - 1][start_column:], *rest, last])
    if first_parameter_is_self(method):
        text = without_self(text)
    return text.rstrip()


def without_self(signature: str) -> str:
    """Drops the self parameter, with its own line when it stands alone on one."""
    alone = re.sub(r"\(([ \t]*\n)[ \t]*self[ \t]*,?[ \t]*\n", r"(\1", signature, count=1)
    if alone != signature:
        return alone
    return re.sub(r"\(\s*self\b\s*,?\s*", "(", signature, count=1)


def first_parameter_is_self(method: FunctionNode) -> bool:
    positional = method.args.posonlyargs + method.args.args
    return bool(positional) and positional[0].arg == "self"


def signature_parameters(method: FunctionNode) -> list[ast.arg]:
    args = method.args
    positional = args.posonlyargs + args.args
    if first_parameter_is_self(method):
        positional = positional[1:]
    variadic = [a for a in (args.vararg,) if a] + args.kwonlyargs + [a for a in (args.kwarg,) if a]
    return positional + variadic


def docstring_node(method: FunctionNode) -> ast.Constant | None:
    first = method.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)):
        return None
    return first.value if isinstance(first.value.value, str) else None


def source_segment(lines: list[str], node: ast.expr) -> str:
    """Like ast.get_source_segment, without re-splitting the whole source per call."""
    first = lines[node.lineno - 1].encode()
    if node.lineno == node.end_lineno:
        return first[node.col_offset : node.end_col_offset].decode()
    middle = lines[node.lineno : node.end_lineno - 1]
    last = lines[node.end_lineno - 1].encode()[: node.end_col_offset].decode()
    return "\n".join([first[node.col_offset :].decode(), *middle, last])


# ---------------------------------------------------------------- docstrings


@dataclass
class DocArg:
    name: str
    type: str | None
    description: str
    line: int


@dataclass
class Docstring:
    text: str  # cleaned like inspect.cleandoc
    description: str
    args: list[DocArg]
    returns: str
    example_output: str


def docstring_lines(raw: str) -> list[str]:
    """inspect.cleandoc, except blank edge lines are kept so indexes map to source lines."""
    lines = raw.expandtabs().split("\n")
    margins = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(margins, default=0)
    return [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]


def parse_docstring(raw: str, first_line: int) -> Docstring:
    sections: dict[str, list[tuple[int, str]]] = {"description": []}
    current = "description"
    lines = docstring_lines(raw)
    for index, line in enumerate(lines):
        header = SECTION_HEADER.fullmatch(line) if ":" in line else None
        if header:
            current = SECTION_ALIASES.get(header[1].lower(), header[1].lower())
            sections.setdefault(current, [])
            line = header[2]
            if not line:
                continue
        sections[current].append((first_line + index, line))
    return Docstring(
        text="\n".join(lines).strip(),
        description=section_text(sections["description"]),
        args=parse_args(sections.get("args", [])),
        returns=section_text(sections.get("returns", [])),
        example_output=section_text(sections.get("example output", [])),
    )


def section_text(lines: list[tuple[int, str]]) -> str:
    return textwrap.dedent("\n".join(text for _, text in lines)).strip()


def parse_args(lines: list[tuple[int, str]]) -> list[DocArg]:
    """`name (type): text` entries; deeper-indented lines continue the entry above."""
    margin = min((len(t) - len(t.lstrip()) for _, t in lines if t.strip()), default=0)
    args: list[DocArg] = []
    for line, text in lines:
        entry = parse_arg_line(text.strip()) if len(text) - len(text.lstrip()) == margin else None
        if entry:
            args.append(DocArg(entry[0], entry[1], entry[2], line))
        elif args and text.strip():
            args[-1].description = f"{args[-1].description} {text.strip()}".strip()
    return args


def parse_arg_line(text: str) -> tuple[str, str | None, str] | None:
    name = ARG_NAME.match(text)
    if not name:
        return None
    rest, arg_type = text[name.end() :], None
    if rest.startswith("("):
        close = matching_paren(rest)
        if close < 0:
            return None
        arg_type, rest = rest[1:close].strip(), rest[close + 1 :].lstrip()
    if not rest.startswith(":"):
        return None
    return name[1], arg_type, rest[1:].strip()


def matching_paren(text: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


# ---------------------------------------------------------------- parse_source


def parse_source(source: str) -> dict:
    module = read_module(source)
    if not isinstance(module, Module):
        return {"className": None, "funcMapping": [], "tools": [], "docsBlock": "", "findings": [module]}
    findings = module.findings
    tools = [describe_tool(module.lines, index, tool, findings) for index, tool in enumerate(module.tools)]
    if module.env:
        check_class(module, findings)
    return {
        "className": module.env.node.name if module.env else None,
        "funcMapping": [{"name": tool.name, "actionCode": tool.action_code} for tool in module.tools],
        "tools": tools,
        "docsBlock": render_docs_block(module),
        "findings": findings,
    }


def check_class(module: Module, findings: list[dict]) -> None:
    env = module.env
    for method, kind in REQUIRED_METHODS.items():
        if method not in env.methods:
            findings.append(finding(kind, f"{env.node.name} has no {method}() method", env.node.lineno))
    if module.tools and all(tool.name != "Done" for tool in module.tools):
        message = "func_mapping has no Done tool to submit an answer"
        findings.append(finding("no_done_tool", message, env.node.lineno))


def describe_tool(lines: list[str], position: int, tool: Tool, findings: list[dict]) -> dict:
    described = {"position": position, "name": tool.name, "actionCode": tool.action_code}
    method = tool.method
    if method is None:
        message = f"{tool.name} is in func_mapping but has no method"
        findings.append(finding("missing_method", message, tool.key_line, tool.name))
        return {**described, **EMPTY_TOOL}
    raw = docstring_node(method)
    if raw is None:
        findings.append(finding("no_docstring", f"{tool.name} has no docstring", method.lineno, tool.name))
    doc = parse_docstring(raw.value, raw.lineno) if raw else NO_DOCSTRING
    parameters = signature_parameters(method)
    if raw:
        check_arguments(tool.name, parameters, doc, findings)
    documented = {arg.name: arg for arg in doc.args}
    return {
        **described,
        "signature": signature_text(lines, tool),
        "docstring": doc.text,
        "description": doc.description,
        "parameters": [describe_parameter(lines, p, documented.get(p.arg)) for p in parameters],
        "returns": doc.returns,
        "exampleOutput": doc.example_output,
        "lineStart": method.lineno,
        "lineEnd": method.end_lineno,
    }


NO_DOCSTRING = Docstring(text="", description="", args=[], returns="", example_output="")
EMPTY_TOOL = {
    "signature": "",
    "docstring": "",
    "description": "",
    "parameters": [],
    "returns": "",
    "exampleOutput": "",
    "lineStart": None,
    "lineEnd": None,
}


def describe_parameter(lines: list[str], parameter: ast.arg, doc: DocArg | None) -> dict:
    annotation = source_segment(lines, parameter.annotation) if parameter.annotation else None
    return {
        "name": parameter.arg,
        "type": (doc.type if doc else None) or annotation,
        "annotation": annotation,
        "description": doc.description if doc else "",
    }


def check_arguments(tool: str, parameters: list[ast.arg], doc: Docstring, findings: list[dict]) -> None:
    documented = {arg.name for arg in doc.args}
    for parameter in parameters:
        if parameter.arg not in documented:
            message = f"{tool}: argument {parameter.arg} is not in Args:"
            findings.append(finding("undocumented_argument", message, parameter.lineno, tool))
    names = {parameter.arg for parameter in parameters}
    for arg in doc.args:
        if arg.name not in names:
            message = f"{tool}: Args: lists {arg.name}, which is not a parameter"
            findings.append(finding("unknown_argument", message, arg.line, tool))


# ---------------------------------------------------------------- JSON Lines service


def answer(raw_request: bytes) -> str:
    request_id = None
    try:
        request = json.loads(raw_request)
        request_id = request.get("id")
        source = request["source"]
        if not isinstance(source, str):
            raise TypeError("source must be a string")
        return json.dumps({"id": request_id, "result": parse_source(source)}, allow_nan=False)
    except Exception as error:  # one bad request must not end the batch
        return json.dumps({"id": request_id, "error": f"{type(error).__name__}: {error}"})


def serve(requests: Iterable[bytes], responses: TextIO) -> None:
    for raw in requests:
        if raw.strip():
            responses.write(answer(raw) + "\n")
            responses.flush()


if __name__ == "__main__":
    # ASTs hold no reference cycles, so the collector only costs time (~15% here).
    gc.disable()
    serve(sys.stdin.buffer, sys.stdout)
