#!/usr/bin/env python3
"""Regenerate the seed artifacts from the environment sources and spec.json.

    python3 prisma/seed/build.py            # write records.jsonl, training.jsonl, outcomes.json
    python3 prisma/seed/build.py --check    # rebuild in memory, compare with the committed files

For every configuration of every environment the oracle runs the way CodeGym verified it:
in a separate process, with `from_env_str(config)`, `get_ref_answer()` and `solve()`, under a
2 s timeout and a 100 MB (tracemalloc peak) memory cap. Everything written is a function of
the sources and spec.json except the measured `time` and `mem`, which --check ignores.
The script fails if any configuration ends differently from the `expect` field in spec.json.

Standard library only. The environments import `gymnasium`, which resolves to the stand-in in
lib/python; the tool docs block comes from lib/python/codegym_parse.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
REPO_ROOT = SEED_DIR.parent.parent
LIB_PYTHON = REPO_ROOT / "lib" / "python"
SOURCES_DIR = SEED_DIR / "sources"
SPEC_PATH = SEED_DIR / "spec.json"
RECORDS_PATH = SEED_DIR / "records.jsonl"
TRAINING_PATH = SEED_DIR / "training.jsonl"
OUTCOMES_PATH = SEED_DIR / "outcomes.json"

TIMEOUT_SECONDS = 2.0
MEMORY_CAP_BYTES = 100 * 1024 * 1024  # as tracemalloc counts the peak
ADDRESS_SPACE_LIMIT = 4 * 1024 ** 3  # hard guard for the child process
MIB = 1024 * 1024

DATA_SOURCE = "codegym_gym_v1"
ABILITY_PREFIX = "codegym_v1"
STEP_BUDGET = 256
ANSWER_PLACEHOLDER = "There is no answer"
MEASURED_FIELDS = ("time", "mem", "peak_mb")


# ---------------------------------------------------------------- child process


def run_child(source_path: str, env_name: str, config: str, out_path: str) -> None:
    """Run one configuration; write JSON lines to out_path as soon as each phase ends,
    so that a parent that kills us on timeout still knows the reference answer."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    sys.path.insert(0, str(LIB_PYTHON))
    out = open(out_path, "w", encoding="utf-8")

    def emit(**fields):
        out.write(json.dumps(fields, default=repr) + "\n")
        out.flush()

    try:
        spec = importlib.util.spec_from_file_location("codegym_seed_env", source_path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except SyntaxError as error:
        emit(phase="load", kind="syntax_error", message=f"{error.msg} (line {error.lineno})")
        return
    except BaseException as error:  # noqa: BLE001 - anything the module does on import
        emit(phase="load", kind="exception", message=f"{type(error).__name__}: {error}")
        return
    env_class = getattr(module, env_name, None)
    if env_class is None:
        emit(phase="load", kind="no_class", message=f"no class {env_name}")
        return

    try:
        emit(phase="ref", ref_answer=to_json(env_class.from_env_str(config).get_ref_answer()))
    except BaseException as error:  # noqa: BLE001
        emit(phase="ref", kind="exception", message=f"{type(error).__name__}: {error}")
        return

    env = env_class.from_env_str(config)
    tracemalloc.start()
    started = time.perf_counter()
    kind, message = None, ""
    try:
        message = str(env.solve())
    except MemoryError:
        kind, message = "memory", "MemoryError"
    except BaseException as error:  # noqa: BLE001
        kind, message = "exception", f"{type(error).__name__}: {error}"
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    emit(phase="solve", kind=kind, message=message[-500:], steps=env.step_count, seconds=elapsed, peak=peak)


def to_json(value):
    return json.loads(json.dumps(value, default=list))


# ---------------------------------------------------------------- parent side


def run_config(source: Path, env_name: str, config: str) -> dict:
    """Outcome of one configuration: kind is "passed" or a FailureKind name."""
    with tempfile.TemporaryDirectory() as scratch:
        out_path = os.path.join(scratch, "result.jsonl")
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(source), env_name, config, out_path]
        timed_out = False
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS + 1.0)
            stderr = completed.stderr
        except subprocess.TimeoutExpired:
            timed_out, stderr = True, ""
        phases = {}
        if os.path.exists(out_path):
            with open(out_path, encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        entry = json.loads(line)
                        phases[entry["phase"]] = entry

    outcome = {"kind": None, "ref_answer": None, "steps": None, "seconds": None, "peak": None, "message": ""}
    if "ref" in phases and "ref_answer" in phases["ref"]:
        outcome["ref_answer"] = phases["ref"]["ref_answer"]
    failed_early = next((phases[p] for p in ("load", "ref") if phases.get(p, {}).get("kind")), None)
    solve = phases.get("solve")
    if failed_early:
        outcome.update(kind=failed_early["kind"], message=failed_early["message"])
    elif solve is None:
        outcome.update(kind="timeout" if timed_out else "crash", message=stderr.strip()[-500:])
    else:
        outcome.update(steps=solve["steps"], seconds=solve["seconds"], peak=solve["peak"], message=solve["message"])
        if solve["kind"]:
            outcome["kind"] = solve["kind"]
        elif solve["seconds"] > TIMEOUT_SECONDS:
            outcome["kind"] = "timeout"
        elif solve["peak"] > MEMORY_CAP_BYTES:
            outcome["kind"] = "memory"
        elif "reward=1" in solve["message"]:
            outcome["kind"] = "passed"
        else:
            outcome["kind"] = "wrong_answer"
    return outcome


def config_string(env_name: str, options: dict) -> str:
    return f"{env_name}@{json.dumps(options)}"


def unit_test(config: str, outcome: dict) -> dict:
    """What CodeGym records for a run: measurements only when the oracle ran to the end within
    its limits (a wrong answer did); null where the run was cut short or could not start."""
    completed = outcome["kind"] in ("passed", "wrong_answer")
    return {
        "unit_test": config,
        "ref_answer": outcome["ref_answer"],
        "solve_fc_round": outcome["steps"] if completed else None,
        "time": round(outcome["seconds"], 4) if completed else None,
        "mem": round(outcome["peak"] / MIB, 4) if completed else None,
    }


def load_parser():
    sys.path.insert(0, str(LIB_PYTHON))
    import codegym_parse  # noqa: E402 - needs the path above

    return codegym_parse


def build(spec: dict, log) -> tuple[list[dict], list[dict], dict, list[str]]:
    parser = load_parser()
    records, training, outcomes, problems = [], [], {"environments": []}, []
    instructions = spec["instructions"]
    for env in spec["environments"]:
        code_id, env_name = env["code_id"], env["env_name"]
        key = f"{code_id}__{env_name}"
        source_path = SOURCES_DIR / f"{key}.py"
        with open(source_path, encoding="utf-8", newline="") as handle:
            source = handle.read()
        parsed = parser.parse_source(source)
        docs = parser.docs_block(source)
        tools = [tool["name"] for tool in parsed["funcMapping"]]

        tests, env_outcomes = [], []
        for position, cfg in enumerate(env["configs"]):
            config = config_string(env_name, cfg["options"])
            outcome = run_config(source_path, env_name, config)
            tests.append(unit_test(config, outcome))
            env_outcomes.append(
                {
                    "position": position,
                    "kind": outcome["kind"],
                    "expect": cfg["expect"],
                    "steps": outcome["steps"],
                    "peak_mb": None if outcome["peak"] is None else round(outcome["peak"] / MIB, 1),
                }
            )
            if outcome["kind"] != cfg["expect"]:
                problems.append(f"{key} config {position}: expected {cfg['expect']}, got {outcome['kind']} ({outcome['message']})")
            log(f"  {key} #{position}: {outcome['kind']}, steps={outcome['steps']}")

            steps = tests[-1]["solve_fc_round"]
            if steps is not None:
                training.append(
                    {
                        "data_source": DATA_SOURCE,
                        "ability": f"{ABILITY_PREFIX}@{key}@{json.dumps(cfg['options'])}",
                        "code_id": code_id,
                        "prompt": [
                            {"role": "system", "name": "functions", "content": docs},
                            {"role": "user", "name": "", "content": instructions + "\n\nQuestion:\n\n" + env["task"]},
                        ],
                        "reward_model": {"style": "agent_env", "ground_truth": None},
                        "answer": ANSWER_PLACEHOLDER,
                        "plugin_call_max_round": STEP_BUDGET,
                        "extra_info": {
                            "index": f"{code_id}-{position}",
                            "solve_fc_round": steps,
                            "qwen32b_Bo4_score": cfg["bo4"],
                            "qwen32b_Bo8_score": cfg["bo8"],
                        },
                    }
                )

        records.append(
            {
                "code_id": code_id,
                "env_name": env_name,
                "gym_env": source,
                "gym_task": env["task"],
                "docstring": docs,
                "unit_test_list": tests,
            }
        )
        completed_steps = [o["steps"] for o in env_outcomes if o["kind"] == "passed"]
        outcomes["environments"].append(
            {
                "key": key,
                "special": env["special"],
                "tool_count": len(tools) if tools else None,
                "tools": tools,
                "config_count": len(env["configs"]),
                "passed": sum(o["kind"] == "passed" for o in env_outcomes),
                "verified": all(o["kind"] == "passed" for o in env_outcomes),
                "steps_min": min(completed_steps, default=None),
                "steps_max": max(completed_steps, default=None),
                "findings": sorted({f["kind"] for f in parsed["findings"]}),
                "configs": env_outcomes,
            }
        )
    return records, training, outcomes, problems


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def without_measurements(text: str, suffix: str):
    """The parsed file with the measured fields removed (they differ from run to run)."""
    if not text.strip():
        return None
    if suffix == ".json":
        data = json.loads(text)
        for env in data["environments"]:
            for config in env["configs"]:
                for field in MEASURED_FIELDS:
                    config.pop(field, None)
        return data
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    for row in rows:
        for test in row.get("unit_test_list", []):
            for field in MEASURED_FIELDS:
                test.pop(field, None)
    return rows


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(*sys.argv[2:6])
        return 0
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args.add_argument("--quiet", action="store_true")
    options = args.parse_args()
    log = (lambda _message: None) if options.quiet else (lambda message: print(message, file=sys.stderr))

    with open(SPEC_PATH, encoding="utf-8") as handle:
        spec = json.load(handle)
    records, training, outcomes, problems = build(spec, log)
    outputs = {
        RECORDS_PATH: jsonl(records),
        TRAINING_PATH: jsonl(training),
        OUTCOMES_PATH: json.dumps(outcomes, indent=2) + "\n",
    }

    if options.check:
        for path, text in outputs.items():
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if without_measurements(current, path.suffix) != without_measurements(text, path.suffix):
                problems.append(f"{path.relative_to(REPO_ROOT)} is out of date; run prisma/seed/build.py")
    else:
        for path, text in outputs.items():
            path.write_text(text, encoding="utf-8")
        log(f"wrote {len(records)} records and {len(training)} training rows")

    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
