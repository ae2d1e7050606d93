// `npm run verify -- --all | --env KEY [--env KEY2 …] | --filter 'QUERY'`: enqueues one run per
// environment (the same request, schema and rows as POST /api/verify), then waits for them
// with a progress bar and prints what passed and failed. With no worker running, it
// verifies in this process. Exit status: 0 when every environment verified, 1 otherwise, 2 for bad usage.
import os from "node:os";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { runCli, UsageError } from "@/lib/cli/run-cli";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { parseFilter } from "@/lib/filters/schema";
import { requestVerification } from "@/lib/verification/enqueue";
import { countLiveWorkers } from "@/lib/verification/liveness";
import type { RunsSummary } from "@/lib/verification/queries";
import { startQueue } from "@/lib/verification/queue";
import { verifyRequestSchema, type VerifyRequest } from "@/lib/verification/schema";
import { formatSummary, notVerifiedRuns, waitForRuns, type CliSummary } from "@/lib/verification/wait-for-runs";
import { startVerificationWorker, type VerificationWorker } from "@/lib/verification/worker";

const USAGE = `usage: npm run verify -- (--all | --env KEY [--env KEY …] | --filter 'QUERY') [options]
       --filter 'QUERY'   the environment list's URL query string, e.g. 'subset=Leetcode&status=unverified'
       --workers N        sandboxes of the in-process worker (used when no worker is running; default: cores)
       --timeout-ms MS    per-configuration time limit (default 2000, CodeGym's)
       --memory-mb MB     per-configuration memory limit (default 100, CodeGym's)
       --no-wait          enqueue and print the run ids; workers do the rest
       --json             print the summary (or, with --no-wait, the runs) as JSON`;

function readOptions(): { request: VerifyRequest; workers: number | undefined; json: boolean; wait: boolean } {
  let values;
  try {
    values = parseArgs({
      options: {
        all: { type: "boolean" },
        env: { type: "string", multiple: true },
        filter: { type: "string" },
        workers: { type: "string" },
        "timeout-ms": { type: "string" },
        "memory-mb": { type: "string" },
        "no-wait": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const chosen = [values.all && "--all", values.env && "--env", values.filter !== undefined && "--filter"].filter(Boolean);
  if (chosen.length !== 1) throw new UsageError(`${chosen.length ? `give only one of ${chosen.join(", ")}` : "say what to verify"}\n${USAGE}`);
  const int = (flag: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min} (got ${v})`);
    return n;
  };
  const timeoutMs = int("--timeout-ms", values["timeout-ms"], 1);
  const memoryMb = int("--memory-mb", values["memory-mb"], 1);
  const limits = timeoutMs === undefined && memoryMb === undefined ? undefined : { timeoutMs, memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024 };
  const target = values.all ? { filter: "" } : values.env ? (values.env.length === 1 ? { key: values.env[0] } : { keys: values.env }) : { filter: values.filter };
  const parsed = verifyRequestSchema.safeParse({ ...target, ...(limits ? { limits: JSON.parse(JSON.stringify(limits)) } : {}) });
  if (!parsed.success) {
    const flag = (p: string) => ({ key: "--env", keys: "--env", filter: "--filter", "limits.timeoutMs": "--timeout-ms", "limits.memoryBytes": "--memory-mb" })[p] ?? p;
    throw new UsageError(`invalid options:\n${parsed.error.issues.map((i) => `  ${flag(i.path.join("."))}: ${i.message}`).join("\n")}`);
  }
  // A bad filter is a usage error before any database is opened.
  if (parsed.data.filter) {
    try {
      parseFilter(parsed.data.filter);
    } catch (error) {
      throw new UsageError(`--filter: ${(error as Error).message}`);
    }
  }
  return { request: parsed.data, workers: int("--workers", values.workers, 1), json: values.json ?? false, wait: !values["no-wait"] };
}

const options = (() => {
  try {
    return readOptions();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(2);
  }
})();

await runCli(async ({ db, database }) => {
  const boss = await startQueue({ url: database.url, supervise: false, max: 2 });
  let worker: VerificationWorker | null = null;
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let enqueued;
    try {
      enqueued = await requestVerification({ db, boss, request: options.request });
    } catch (error) {
      if (error instanceof DomainError) throw new UsageError(error.message);
      throw error;
    }
    const { runs, skipped } = enqueued;
    for (const s of skipped) console.error(`skipped ${s.key}: ${s.reason}`);
    if (runs.length === 0) {
      console.log(options.json ? JSON.stringify({ runs: [], skipped }) : "Nothing to verify: the selection holds no environment with a revision.");
      return 0;
    }
    if (!options.wait) {
      if (options.json) console.log(JSON.stringify({ runs: runs.map((r) => ({ runId: r.runId, key: r.key })), skipped }, null, 2));
      else console.log(`Queued ${runs.length === 1 ? `1 run (id ${runs[0]?.runId})` : `${runs.length} runs (ids ${runs[0]?.runId}…${runs.at(-1)?.runId})`}; workers verify them (npm start runs one; npm run worker adds more).`);
      return 0;
    }

    const slots = options.workers ?? (env.CURATOR_VERIFY_WORKERS || os.availableParallelism());
    const live = await countLiveWorkers(db);
    const startHere = async () => {
      if (worker) return;
      console.error(`No verification worker is running (npm start runs one, npm run worker adds more): verifying in this process with ${slots} sandbox${slots === 1 ? "" : "es"}.`);
      worker = await startVerificationWorker({ url: database.url, slots, log: (l) => /fail|error|stopped/i.test(l) && !/ passed, /.test(l) && console.error(`[verify] ${l}`) });
    };
    if (live === 0) await startHere();
    else console.error(`Queued ${runs.length} run${runs.length === 1 ? "" : "s"}; ${live} worker${live === 1 ? " is" : "s are"} running${options.workers ? " (--workers applies only to a worker in this process)" : ""}.`);

    const started = Date.now();
    const progress = progressReporter(runs.length);
    const summary = await waitForRuns({ db, runIds: runs.map((r) => r.runId), onProgress: progress.update, noWorker: startHere, signal: interrupt.signal });
    progress.stop();
    if (interrupt.signal.aborted && summary.finished < summary.runs) {
      console.error(`Stopped waiting: ${summary.runs - summary.finished} runs are not done; they stay queued and finish when a worker runs.`);
      return 130;
    }
    const seconds = (Date.now() - started) / 1000;
    const result: CliSummary = {
      ...summary,
      seconds,
      configurationsPerSecond: seconds > 0 ? summary.configurations.done / seconds : 0,
      inProcessWorker: worker !== null,
      notVerified: await notVerifiedRuns({ db, runIds: runs.map((r) => r.runId) }),
    };
    console.log(options.json ? JSON.stringify(result, null, 2) : formatSummary(result));
    return summary.environments.verified === summary.runs ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await (worker as VerificationWorker | null)?.stop();
    await boss.stop({ graceful: false }).catch(() => {});
  }
});

/** cli-progress on a terminal; elsewhere (CI logs) a plain line when something moved, at most every 5 s. */
function progressReporter(runs: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "verifying |{bar}| {value}/{total} configurations | {envs}/{runs} environments | {rate} configs/s", stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let shown = false;
    return {
      update(s: RunsSummary) {
        const rate = (s.configurations.done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
        if (!shown) bar.start(Math.max(1, s.configurations.total), 0, { envs: 0, runs, rate });
        shown = true;
        bar.setTotal(Math.max(1, s.configurations.total));
        bar.update(s.configurations.done, { envs: s.finished, runs, rate });
      },
      stop: () => shown && bar.stop(),
    };
  }
  let last = 0;
  let lastLine = "";
  return {
    update(s: RunsSummary) {
      const line = `verifying: ${s.configurations.done}/${s.configurations.total} configurations, ${s.finished}/${runs} environments done`;
      if (line !== lastLine && (Date.now() - last >= 5000 || s.finished === s.runs)) {
        console.error(line);
        last = Date.now();
        lastLine = line;
      }
    },
    stop() {},
  };
}
