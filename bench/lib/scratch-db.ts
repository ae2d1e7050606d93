import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { ensureDatabase, migrate } from "@/lib/db/migrate";

/** A throwaway embedded PostgreSQL with a migrated database, for benchmarks. */
export async function startScratchDatabase(name = "bench") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-bench-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data") });
  await ensureDatabase(server.adminUrl, name);
  const url = server.urlFor(name);
  await migrate(url);
  return {
    url,
    /** CPU seconds PostgreSQL has used so far: the postmaster and every backend it has reaped or still runs. */
    cpuSeconds: () => postgresCpuSeconds(path.join(dir, "data")),
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  // Fields after the command name: utime, stime, cutime, cstime are 14..17 of stat (11..14 here).
  const times = (pid: number) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ").slice(11, 15).map(Number);
  const [utime, stime, cutime, cstime] = times(postmaster);
  let ticks = utime! + stime! + cutime! + cstime!;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.split(") ")[1]!.split(" ");
      if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between readdir and read
    }
  }
  return ticks / CLOCK_TICKS;
}
