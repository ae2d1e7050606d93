import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { env, projectRoot } from "@/lib/env";
import { parsedSourceSchema, type ParsedSource } from "./parsed-source-schema";

export type { ParsedSource, ParsedTool, ParseFinding } from "./parsed-source-schema";

/** Sources above this are answered locally: no CodeGym environment comes near it, and ast on
 * megabytes of hostile text would hold up every request queued behind it. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
const STDERR_TAIL_CHARS = 2_000;

export interface SourceParserOptions {
  python?: string;
  script?: string;
  /** Python processes to spread requests over; bulk imports use one per core. */
  processes?: number;
}

/** Parses environment sources in one long-lived Python process (lib/python/codegym_parse.py),
 * with any number of requests in flight. A process that dies fails its pending requests; the
 * next request starts a new one. */
export class SourceParser {
  private readonly processes: (ParserProcess | null)[];
  private nextId = 0;

  constructor(private readonly options: SourceParserOptions = {}) {
    this.processes = new Array(Math.max(1, options.processes ?? 1)).fill(null);
  }

  parse(source: string): Promise<ParsedSource> {
    const bytes = Buffer.byteLength(source, "utf8");
    if (bytes > MAX_SOURCE_BYTES) return Promise.resolve(tooLarge(bytes));
    const id = ++this.nextId;
    const slot = id % this.processes.length;
    let process = this.processes[slot];
    if (!process?.running) {
      process = new ParserProcess(this.options.python ?? pythonExecutable(), this.options.script ?? parserScript());
      this.processes[slot] = process;
    }
    return process.request(id, source);
  }

  /** Waits for the answers already asked for, then lets the processes exit. */
  async close(): Promise<void> {
    const current = this.processes.splice(0, this.processes.length, ...this.processes.map(() => null));
    await Promise.all(current.map((p) => p?.end()));
  }
}

export function createSourceParser(options?: SourceParserOptions): SourceParser {
  return new SourceParser(options);
}

/** One source, in a process of its own: for one-off callers; batches should share a SourceParser. */
export async function parseSourceOnce(source: string): Promise<ParsedSource> {
  const parser = new SourceParser();
  try {
    return await parser.parse(source);
  } finally {
    await parser.close();
  }
}

// The error form first: `result: z.unknown()` would also accept a line without a result.
const responseSchema = z.union([
  z.object({ id: z.number(), error: z.string() }),
  z.object({ id: z.number(), result: z.unknown() }),
]);

interface Pending {
  resolve: (parsed: ParsedSource) => void;
  reject: (error: Error) => void;
}

class ParserProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly exited: Promise<void>;
  private partialLine: string[] = [];
  private stderrTail = "";
  private failure: Error | null = null;

  constructor(python: string, script: string) {
    this.child = spawn(python, ["-I", "-S", "-X", "utf8", script], {
      env: childEnvironment(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.receive(chunk));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    // A write to a dead process fails with EPIPE; the exit handler reports it to the callers.
    this.child.stdin.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.fail(new Error(`could not run the source parser (${python}): ${error.message}`));
        resolve();
      });
      this.child.on("close", (code, signal) => {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const stderr = this.stderrTail.trim();
        this.fail(new Error(`the source parser ${how}${stderr ? `: ${stderr}` : ""}`));
        resolve();
      });
    });
  }

  get running(): boolean {
    return this.failure === null && this.child.stdin.writable;
  }

  request(id: number, source: string): Promise<ParsedSource> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, source })}\n`);
    });
  }

  async end(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  /** Splits stdout into lines, scanning each chunk once: one answer can span megabytes. */
  private receive(chunk: string): void {
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf("\n", start)) >= 0) {
      this.partialLine.push(chunk.slice(start, newline));
      const line = this.partialLine.join("");
      this.partialLine = [];
      this.answer(line);
      start = newline + 1;
    }
    if (start < chunk.length) this.partialLine.push(chunk.slice(start));
  }

  private answer(line: string): void {
    const response = responseSchema.safeParse(parseJson(line));
    const pending = response.success ? this.pending.get(response.data.id) : undefined;
    if (!response.success || !pending) {
      // Out of step with the protocol, so no later answer can be trusted either.
      this.fail(new Error(`the source parser wrote an unexpected line: ${line.slice(0, 200)}`));
      this.child.kill();
      return;
    }
    this.pending.delete(response.data.id);
    if ("error" in response.data) {
      pending.reject(new Error(`the source parser failed on this source: ${response.data.error}`));
      return;
    }
    const result = parsedSourceSchema.safeParse(response.data.result);
    if (result.success) pending.resolve(result.data);
    else pending.reject(new Error(`the source parser's answer is malformed: ${z.prettifyError(result.error)}`));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function tooLarge(bytes: number): ParsedSource {
  const message = `source is ${bytes} bytes, over the ${MAX_SOURCE_BYTES}-byte limit; not parsed`;
  return {
    className: null,
    funcMapping: [],
    tools: [],
    docsBlock: "",
    findings: [{ kind: "source_too_large", message, line: null, tool: null }],
  };
}

/** It reads untrusted text: hand it nothing of ours but a search path and a locale. (The cast:
 * Next.js declares NODE_ENV on every process environment, and this one has none.) */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" };
  return environment as unknown as NodeJS.ProcessEnv;
}

function pythonExecutable(): string {
  return env.CURATOR_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/** Beside this module in the source tree; bundlers may move the module (and rewrite
 * import.meta.url), so fall back to the project root. */
function parserScript(): string {
  const fromRoot = path.join(projectRoot, "lib", "python", "codegym_parse.py");
  try {
    const besideModule = fileURLToPath(new URL("../python/codegym_parse.py", import.meta.url));
    return existsSync(besideModule) ? besideModule : fromRoot;
  } catch {
    return fromRoot;
  }
}
