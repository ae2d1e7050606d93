import pg from "pg";
import type { DbClient } from "@/lib/db/client";

// Which verification workers are alive, on any machine: each holds a shared advisory lock
// on a connection of its own for as long as it runs. PostgreSQL drops the lock when the
// process exits or dies (its connection closes), so the count never goes stale the way a
// heartbeat row would, and needs no cleanup.

/** The lock's two int4 keys ("CGYM", "VRFY"): pg_locks shows them as classid and objid. */
const LOCK_KEYS = [0x4347594d, 0x5652465e] as const;

export interface LivenessLock {
  release(): Promise<void>;
}

export async function holdWorkerLock(url: string): Promise<LivenessLock> {
  const client = new pg.Client({ connectionString: url, application_name: "curator-verify-worker-liveness" });
  // A dropped connection only means this worker no longer counts; the worker itself goes on.
  client.on("error", () => {});
  await client.connect();
  await client.query("SELECT pg_advisory_lock_shared($1, $2)", [...LOCK_KEYS]);
  return {
    async release() {
      await client.end().catch(() => {});
    },
  };
}

/** Verification workers connected to this database right now. */
export async function countLiveWorkers(db: DbClient): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 2
       AND classid = ${LOCK_KEYS[0]}::int::oid AND objid = ${LOCK_KEYS[1]}::int::oid
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return row?.n ?? 0;
}
