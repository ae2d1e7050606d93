import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// A synthetic corpus for the export benchmark, written with SQL directly (an
// import of 100,000 configurations would take longer than the exports it
// measures). Sources, docs blocks and task texts are the sample environments'
// (prisma/seed/records.jsonl), made unique per environment so no two rows share
// a prompt across environments; each environment has CONFIGS_PER_ENV
// configurations with CodeGym-like options, step counts and Bo4/Bo8 scores;
// half carry an imported training index, half get a derived one. All approved.

export const CONFIGS_PER_ENV = 8;

interface Template {
  code_id: string;
  env_name: string;
  gym_env: string;
  gym_task: string;
  docstring: string;
}

export async function fillCorpus(url: string, rows: number): Promise<{ environments: number; configurations: number }> {
  const templates = fs
    .readFileSync(path.join(process.cwd(), "prisma/seed/records.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Template)
    .filter((t) => t.docstring.length > 0);
  const envs = Math.ceil(rows / CONFIGS_PER_ENV);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT setseed(0.25)");
    await client.query(`CREATE TEMP TABLE t (n int, name text, src text, task text, docs text)`);
    await client.query(
      `INSERT INTO t SELECT n - 1, name, src, task, docs FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(name, src, task, docs, n)`,
      [templates.map((t) => t.env_name), templates.map((t) => t.gym_env), templates.map((t) => t.gym_task), templates.map((t) => t.docstring)],
    );
    await client.query(
      `INSERT INTO "Environment" (id, key, "codeId", "envName", subset, status, "reviewState", "updatedAt")
       SELECT i, 'Leetcode_' || i || '_I__' || t.name, 'Leetcode_' || i || '_I', t.name, 'Leetcode', 'verified', 'approved', now()
         FROM generate_series(1, $1::int) i JOIN t ON t.n = i % $2::int`,
      [envs, templates.length],
    );
    await client.query(
      `INSERT INTO "Revision" (id, "environmentId", number, "sourceCode", "sourceSha256", "taskDescription", "docsBlock", "className")
       SELECT e.id, e.id, 1, t.src || E'\\n# ' || e.id || E'\\n', md5(t.src || e.id), t.task || ' (instance ' || e.id || ')',
              t.docs || E'\\nFunction:\\n\\ndef Note' || e.id || E'():\\n    r"""Environment ' || e.id || E'."""\\n', t.name
         FROM "Environment" e JOIN t ON t.n = e.id % $1::int`,
      [templates.length],
    );
    await client.query(`UPDATE "Environment" SET "currentRevisionId" = id`);
    await client.query(
      `INSERT INTO "TaskConfig" ("revisionId", position, "configString", "configSha256", options, "refAnswer", "recordedSteps", "recordedTime", "recordedMem",
                                 "bo4Score", "bo8Score", "trainingIndex", "dataSource", "lastPassed", "lastSteps")
       SELECT r.id, p, e."envName" || '@' || o::text, encode(sha256(convert_to(e."envName" || '@' || o::text, 'UTF8')), 'hex'), o, to_jsonb(p * 7), s, round((random() * 0.01)::numeric, 4), round((random() * 3)::numeric, 4),
              floor(random() * 5) / 4, floor(random() * 9) / 8, CASE WHEN p % 2 = 0 THEN e."codeId" || '-' || p END, 'codegym_gym_v1', true, s
         FROM "Revision" r JOIN "Environment" e ON e.id = r."environmentId"
        CROSS JOIN generate_series(0, $1::int - 1) p
        CROSS JOIN LATERAL (SELECT jsonb_build_object('nums', to_jsonb(array(SELECT floor(random() * 1000)::int + 0 * p + 0 * r.id FROM generate_series(1, 24))),
                                                      'target', p * 13 + r.id) AS o,
                                   3 + floor(power(random(), 2) * 400)::int + 0 * p AS s) x`,
      [CONFIGS_PER_ENV],
    );
    // Keep exactly `rows` configurations.
    await client.query(`DELETE FROM "TaskConfig" WHERE id > $1`, [rows]);
    await client.query(`SELECT setval(pg_get_serial_sequence('"Environment"', 'id'), $1)`, [envs]);
    await client.query(`SELECT setval(pg_get_serial_sequence('"Revision"', 'id'), $1)`, [envs]);
    await client.query("ANALYZE");
    const { rows: counts } = await client.query<{ e: number; c: number }>(`SELECT (SELECT count(*)::int FROM "Environment") AS e, (SELECT count(*)::int FROM "TaskConfig") AS c`);
    return { environments: counts[0]!.e, configurations: counts[0]!.c };
  } finally {
    await client.end();
  }
}
