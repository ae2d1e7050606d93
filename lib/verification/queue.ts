import os from "node:os";
import PgBoss from "pg-boss";
import type { DbClient } from "@/lib/db/client";
import { MIN_TASK_CONFIGS, type SandboxLimits } from "@/lib/sandbox/limits";

// The durable queue: pg-boss 10 in its own schema `pgboss` of the same database, so the
// database stays the only shared state and any machine with DATABASE_URL can add workers.
//
// Why pg-boss (10.4, the last line that runs on Node 20): a job whose worker dies stays
// `active` only until its expiry; the maintenance pass then puts it back as `retry`, so a
// killed worker's run is picked up by another one within expiry + one maintenance interval.
// graphile-worker (0.18 needs Node 22 anyway) unlocks a crashed worker's jobs only after
// 4 hours. pg-boss has no heartbeat, so each job's expiry is derived from its run's size.

export const VERIFY_QUEUE = "verify";
/** pg-boss moves a job here when its last attempt failed (thrown or expired): the run is then marked failed. */
export const VERIFY_DEAD_LETTER_QUEUE = "verify-dead";
export const QUEUE_SCHEMA = "pgboss";

/** Attempts after the first: a worker killed twice in a row still gets its run done. */
export const RETRY_LIMIT = 2;
export const RETRY_DELAY_SECONDS = 2;
/** How often expired jobs are noticed (by whichever worker's maintenance runs first). */
export const MAINTENANCE_INTERVAL_SECONDS = 5;
export const POLLING_INTERVAL_SECONDS = 1;
/** Slack on top of the worst-case run time: database writes, a slow start of the sandbox. */
export const EXPIRY_MARGIN_SECONDS = 60;
/** pg-boss refuses expiries of 24 h or more. */
const MAX_EXPIRY_SECONDS = 23 * 3600;
/** Per configuration beyond its timeout: fork, encoding the trace, the write. */
const PER_CONFIG_OVERHEAD_SECONDS = 0.5;

/**
 * A job's expiry: the longest its run can take on one sandbox worker, plus a margin. Each
 * configuration runs at most twice (a run near a cap is repeated under tracemalloc), each
 * task of consecutive configurations loads the module once under the same timeout.
 */
export function expirySeconds({ configs, limits, marginSeconds = EXPIRY_MARGIN_SECONDS }: { configs: number; limits: SandboxLimits; marginSeconds?: number }): number {
  const timeout = limits.timeoutMs / 1000;
  const running = configs * (2 * timeout + PER_CONFIG_OVERHEAD_SECONDS);
  const loading = (Math.ceil(configs / MIN_TASK_CONFIGS) + 1) * timeout;
  return Math.min(MAX_EXPIRY_SECONDS, Math.ceil(running + loading + marginSeconds));
}

export interface QueueOptions {
  url: string;
  /** Workers run the maintenance (expiry) pass; a process that only enqueues does not. */
  supervise: boolean;
  /** Connections of pg-boss's own pool. */
  max?: number;
  onError?: (error: Error) => void;
}

/** Starts a pg-boss client (creating or migrating its schema) with our two queues present. */
export async function startQueue({ url, supervise, max = 3, onError }: QueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max,
    application_name: `curator-verify-${os.hostname()}-${process.pid}`,
    supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
  });
  boss.on("error", onError ?? ((error) => console.error(`[verify] queue error: ${error.message}`)));
  await boss.start();
  await ensureQueue(boss, VERIFY_DEAD_LETTER_QUEUE, { name: VERIFY_DEAD_LETTER_QUEUE, retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_SECONDS });
  await ensureQueue(boss, VERIFY_QUEUE, {
    name: VERIFY_QUEUE,
    retryLimit: RETRY_LIMIT,
    retryDelay: RETRY_DELAY_SECONDS,
    deadLetter: VERIFY_DEAD_LETTER_QUEUE,
  });
  return boss;
}

/** createQueue is idempotent, but two processes creating the same queue at once can collide. */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
  }
}

/**
 * pg-boss statements run on a Prisma transaction, so the jobs become visible exactly when
 * the transaction that created their runs commits: a worker never takes a job whose run row
 * it cannot see yet, and a failed enqueue leaves neither runs nor jobs.
 */
export function queueDbFor(tx: DbClient): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
}

/** Inserts one verify job per run, inside the caller's transaction. */
export async function insertVerifyJobs({
  boss,
  tx,
  jobs,
}: {
  boss: PgBoss;
  tx: DbClient;
  jobs: { runId: number; expireInSeconds: number }[];
}): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(
    jobs.map((j) => ({
      name: VERIFY_QUEUE,
      data: { runId: j.runId },
      expireInSeconds: j.expireInSeconds,
      retryLimit: RETRY_LIMIT,
      retryDelay: RETRY_DELAY_SECONDS,
      deadLetter: VERIFY_DEAD_LETTER_QUEUE,
    })),
    { db: queueDbFor(tx) },
  );
}

// One client per process for enqueueing (route handlers, the CLI); kept on globalThis
// because Next's dev server reloads modules.
const globalForQueue = globalThis as unknown as { curatorVerifyQueue?: Promise<PgBoss> };

export function producerQueue(url: string): Promise<PgBoss> {
  globalForQueue.curatorVerifyQueue ??= startQueue({ url, supervise: false, max: 2 }).catch((error: unknown) => {
    globalForQueue.curatorVerifyQueue = undefined;
    throw error;
  });
  return globalForQueue.curatorVerifyQueue;
}

export async function stopProducerQueue(): Promise<void> {
  const pending = globalForQueue.curatorVerifyQueue;
  globalForQueue.curatorVerifyQueue = undefined;
  if (pending) await (await pending).stop({ graceful: false });
}
