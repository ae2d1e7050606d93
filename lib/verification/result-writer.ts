import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConfigResult } from "@/lib/sandbox";

/** A batch is written when it holds this many results, this many bytes of messages and traces, or is this old. */
const FLUSH_RESULTS = 100;
const FLUSH_BYTES = 8 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 250;

export interface Progress {
  done: number;
  passed: number;
  status: string;
}

/**
 * Streams a run's results into VerificationResult in batches (not one round trip per
 * result), then moves the run's done/passed counters. Rows are inserted with
 * skipDuplicates on unique(runId, configId): a retried job, or a worker that outlived its
 * job's expiry, can never store a configuration's result twice.
 */
export class ResultWriter {
  private buffer: Prisma.VerificationResultCreateManyInput[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly db: DbClient,
    private readonly runId: number,
    /** After each batch; e.g. to notice that the run was cancelled. */
    private readonly onProgress: (p: Progress) => void = () => {},
  ) {}

  add(configId: number, result: ConfigResult): void {
    const row = toRow(this.runId, configId, result);
    this.buffer.push(row);
    this.bytes += row.message?.length ?? 0;
    if (row.trace !== undefined) this.bytes += approximateSize(result.trace);
    if (this.buffer.length >= FLUSH_RESULTS || this.bytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes what is buffered; resolves when every batch so far is stored, rejects with the first write error. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }

  get error(): unknown {
    return this.failure;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.db.verificationResult.createMany({ data: batch, skipDuplicates: true });
        this.onProgress(await updateProgress(this.db, this.runId));
      } catch (error) {
        this.failure = error;
      }
    });
  }
}

/** Counts, not increments: correct however often a batch or a job is repeated. */
export async function updateProgress(db: DbClient, runId: number): Promise<Progress> {
  const [row] = await db.$queryRaw<Progress[]>`
    UPDATE "VerificationRun" r
       SET done = c.done, passed = c.passed
      FROM (SELECT count(*)::int AS done, count(*) FILTER (WHERE passed)::int AS passed
              FROM "VerificationResult" WHERE "runId" = ${runId}) c
     WHERE r.id = ${runId}
    RETURNING r.done, r.passed, r.status::text AS status`;
  return row ?? { done: 0, passed: 0, status: "missing" };
}

function toRow(runId: number, configId: number, r: ConfigResult): Prisma.VerificationResultCreateManyInput {
  return {
    runId,
    configId,
    passed: r.passed,
    steps: r.steps,
    seconds: r.seconds,
    peakMemory: r.peakMemory === null ? null : BigInt(r.peakMemory),
    failureKind: r.failureKind,
    message: clean(r.message),
    findings: r.findings.map(clean),
    trace: r.trace ? (cleanDeep(r.trace) as Prisma.InputJsonValue) : undefined,
  };
}

// PostgreSQL text and jsonb cannot hold U+0000, and untrusted code can print it.
const NUL = /\u0000/g;
const clean = (s: string) => (s.includes("\u0000") ? s.replace(NUL, "\uFFFD") : s);

function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanDeep(v)]));
  return value;
}

function approximateSize(trace: ConfigResult["trace"]): number {
  if (!trace) return 0;
  let n = 0;
  for (const c of trace.calls) n += c.tool.length + c.parameters.length + c.observation.length + 16;
  return n;
}
