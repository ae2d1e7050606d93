// Times the environment list query (lib/environments/queries.ts listEnvironments,
// the function GET /api/environments and the /environments page call) on a
// synthetic corpus, for a set of filter and sort combinations, and prints p50/p95.
//
//   npx tsx --conditions=react-server bench/list/run.ts [--envs 100000] [--runs 60] [--explain]
//       [--skip-migration <name>] [--url postgresql://…] [--only <case substring>] [--stats]
//
// By default it starts a scratch embedded PostgreSQL, loads the corpus and removes it all
// afterwards. --explain prints EXPLAIN (ANALYZE, BUFFERS) of every case; --skip-migration
// leaves a migration out (e.g. the list indexes) to compare plans before and after it;
// --url benchmarks an existing database instead (loading the corpus only when it is empty,
// so repeated runs skip the load); --stats also times the /stats page's getStats (10 runs per filter).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { ensureDatabase, migrate, readMigrations } from "@/lib/db/migrate";
import { refreshDerived } from "@/lib/environments/derived";
import { listEnvironments, listEnvironmentsSql } from "@/lib/environments/queries";
import { parseFilter, parseListQuery } from "@/lib/filters/schema";
import { Prisma } from "@/lib/generated/prisma/client";
import { getStats } from "@/lib/stats/get-stats";
import { corpusSql } from "./corpus.sql";

const { values } = parseArgs({
  options: {
    envs: { type: "string", default: "100000" },
    runs: { type: "string", default: "60" },
    explain: { type: "boolean", default: false },
    "skip-migration": { type: "string" },
    url: { type: "string" },
    only: { type: "string" },
    stats: { type: "boolean", default: false },
  },
});
const envs = Number(values.envs);
const runs = Math.max(50, Number(values.runs));

/** The cases: what a researcher clicks on the list page, from plain to deep pages and text search. */
const CASES: [string, string][] = [
  ["default (key asc)", ""],
  ["sort key desc", "sort=key&dir=desc"],
  ["sort tools desc", "sort=toolCount&dir=desc"],
  ["sort median steps desc", "sort=stepsMedian&dir=desc"],
  ["sort max steps asc", "sort=stepsMax"],
  ["sort pass rate desc", "sort=passRate&dir=desc"],
  ["sort difficulty asc", "sort=difficulty"],
  ["sort last verified desc", "sort=lastVerifiedAt&dir=desc"],
  ["sort status desc", "sort=status&dir=desc"],
  ["status=verified, tools desc", "status=verified&sort=toolCount&dir=desc"],
  ["status=failed,error + review=pending", "status=failed,error&review=pending"],
  ["subset + tools 5-8, max steps", "subset=Codeforces&tools_min=5&tools_max=8&sort=stepsMax"],
  ["failure=timeout", "failure=timeout"],
  ["window=in + pass 100%, difficulty desc", "window=in&pass_min=1&sort=difficulty&dir=desc"],
  ["difficulty 0-0.25", "difficulty_min=0&difficulty_max=0.25&sort=difficulty"],
  ["median steps 10-256", "steps_min=10&steps_max=256&sort=stepsMedian"],
  ["config steps 100-200", "config_steps_min=100&config_steps_max=200"],
  ["tag=tag-3", "tag=tag-3"],
  ["tool=BinarySearch", "tool=BinarySearch"],
  ["q=palindrome (common word)", "q=palindrome"],
  ["q=quokka (less common word)", "q=quokka"],
  ["q=_4242_i__ (one key)", "q=_4242_i__"],
  ["q=xyzzy (no match)", "q=xyzzy"],
  ["q=quokka + status=failed, steps desc", "q=quokka&status=failed&sort=stepsMedian&dir=desc"],
  ["page 100 (offset 4950)", "page=100"],
  ["page 1000 (offset 49950)", "page=1000"],
  ["last page, sort steps desc", `page=${Math.ceil(envs / 50)}&sort=stepsMedian&dir=desc`],
  ["pageSize 200, configs desc", "pageSize=200&sort=configCount&dir=desc"],
];

const scratch = values.url ? null : await startScratch();
try {
  const url = values.url ?? scratch!.url;
  const migrations = readMigrations().filter((m) => m.name !== values["skip-migration"]);
  await migrate(url, migrations);
  console.log(`migrations: ${migrations.map((m) => m.name).join(", ")}`);
  const db = createPrisma(url);
  const existing = await db.environment.count();
  if (existing === 0) {
    let t = performance.now();
    await loadCorpus(url, envs);
    console.log(`loaded ${envs} environments in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    for (let from = 1; from <= envs; from += 10_000) {
      await refreshDerived(db, Array.from({ length: Math.min(10_000, envs - from + 1) }, (_, i) => from + i));
    }
    console.log(`derived columns in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else {
    console.log(`using the ${existing} environments already in the database`);
  }
  // A freshly loaded table has no visibility map or statistics yet; autovacuum would get there.
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  const sizes = await db.$queryRaw<{ t: string; n: number }[]>`
    SELECT 'environments' AS t, count(*)::int AS n FROM "Environment" UNION ALL
    SELECT 'configurations', count(*)::int FROM "TaskConfig" UNION ALL SELECT 'tools', count(*)::int FROM "Tool"`;
  console.log(sizes.map((s) => `${s.n} ${s.t}`).join(", "));

  const rows: string[] = [];
  for (const [name, qs] of CASES) {
    if (values.only && !name.includes(values.only)) continue;
    const query = parseListQuery(qs);
    for (let i = 0; i < 5; i++) await listEnvironments({ query, db }); // warm-up: plan cache, buffers
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      total = (await listEnvironments({ query, db })).total;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!.toFixed(1);
    rows.push(`| ${name} | \`${qs || "(none)"}\` | ${total} | ${pct(50)} | ${pct(95)} | ${times.at(-1)!.toFixed(1)} |`);
    if (values.explain) {
      const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${listEnvironmentsSql(query)}`);
      console.log(`\n### ${name}  ?${qs}\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
    }
  }
  const statsRows: string[] = [];
  if (values.stats) {
    for (const qs of ["", "subset=Leetcode", "status=verified&tools_min=5", "q=palindrome"]) {
      const filter = parseFilter(qs);
      await getStats({ filter, db });
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        await getStats({ filter, db });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      statsRows.push(`| \`${qs || "(none)"}\` | ${times[4]!.toFixed(0)} | ${times[9]!.toFixed(0)} |`);
    }
  }
  await db.$disconnect();

  console.log(`\n${sizes[0]!.n} environments, ${runs} runs per case (after 5 warm-up runs), milliseconds per listEnvironments call (rows + total):\n`);
  console.log("| case | query | total | p50 ms | p95 ms | max ms |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(r);
  if (statsRows.length) {
    console.log("\ngetStats (all /stats aggregates), 10 runs per filter, milliseconds:\n");
    console.log("| filter | p50 ms | max ms |");
    console.log("| --- | ---: | ---: |");
    for (const r of statsRows) console.log(r);
  }
} finally {
  await scratch?.stop();
}

async function startScratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-bench-list-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data") });
  await ensureDatabase(server.adminUrl, "bench");
  return {
    url: server.urlFor("bench"),
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function loadCorpus(url: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of corpusSql(n)) await client.query(statement);
  } finally {
    await client.end();
  }
}
