import { createSandboxPool, SandboxError, type Sandbox, type SyntaxCheck } from "@/lib/sandbox";
import { ValidationError } from "@/lib/errors";
import { parseWithSharedParser } from "./parser";

// The editor's live syntax check: Python's own compiler, run inside the
// sandbox. When the sandbox cannot start on this machine we fall back to the
// ast parser (which never executes the code), so editing still works.

const globalForSyntax = globalThis as unknown as { curatorSyntaxPool?: Promise<Sandbox | null> };

function syntaxPool(): Promise<Sandbox | null> {
  globalForSyntax.curatorSyntaxPool ??= createSandboxPool({ workers: 1 }).catch((error: unknown) => {
    console.error(`The sandbox is unavailable for syntax checks; using the ast parser instead: ${String(error)}`);
    return null;
  });
  return globalForSyntax.curatorSyntaxPool;
}

export interface SyntaxCheckResult {
  check: SyntaxCheck;
  /** Which checker answered. */
  via: "sandbox" | "parser";
}

export async function checkSourceSyntax(code: string): Promise<SyntaxCheckResult> {
  const pool = await syntaxPool();
  if (pool) {
    try {
      return { check: await pool.checkSyntax(code), via: "sandbox" };
    } catch (error) {
      if (error instanceof SandboxError && error.kind === "invalid_job") throw new ValidationError(error.message, [{ field: "code", message: error.message }]);
      // A closed or broken pool is replaced on the next call; this one answers from the parser.
      if (error instanceof SandboxError && (error.kind === "closed" || error.kind === "unavailable")) {
        globalForSyntax.curatorSyntaxPool = undefined;
        void pool.close().catch(() => {});
      }
    }
  }
  const parsed = await parseWithSharedParser(code);
  const finding = parsed.findings.find((f) => f.kind === "syntax_error" || f.kind === "source_too_large");
  return { check: finding ? { ok: false, line: finding.line, column: null, message: finding.message } : { ok: true }, via: "parser" };
}
