import { canonicalOptions, configHash } from "@/lib/codegym/config-string";
import type { Sql } from "@/lib/db/raw-pg";
import type { IncomingConfig } from "./contributions";
import { RECORDED_COLUMNS, type StoredMatch } from "./write-configs";

/**
 * The stored configurations of some revisions, each with the canonical options
 * an incoming configuration would match it by, read without their options where
 * possible: an incoming configuration whose text equals a stored one's (same
 * configSha256) has its canonical options, and only revisions where some
 * incoming text matches no stored text have their options read and compared.
 *
 * Exact because no revision holds two configurations with the same canonical
 * options (the importer and the editor both refuse them): a text match is the
 * only stored configuration an incoming one can match, and in a revision whose
 * incoming texts all matched, the stored configurations left over match nothing.
 */
export async function loadMatchableConfigs(db: Sql, wanted: Map<number, IncomingConfig[]>): Promise<Map<number, StoredMatch[]>> {
  const byRevision = new Map<number, StoredMatch[]>();
  if (wanted.size === 0) return byRevision;
  const { rows } = await db.query<Omit<StoredMatch, "canonical"> & { configSha256: string }>(
    `SELECT id, "revisionId", position, "configSha256", ${RECORDED_COLUMNS}
       FROM "TaskConfig" WHERE "revisionId" = ANY($1::int[]) ORDER BY "revisionId", position`,
    [[...wanted.keys()]],
  );
  const bySha = new Map<string, StoredMatch>();
  for (const { configSha256, ...row } of rows) {
    // Matches nothing until an incoming text or the options say otherwise.
    const stored: StoredMatch = { ...row, canonical: `\u0000unmatched ${row.id}` };
    bySha.set(`${row.revisionId} ${configSha256}`, stored);
    const list = byRevision.get(row.revisionId);
    if (list) list.push(stored);
    else byRevision.set(row.revisionId, [stored]);
  }
  const compareOptions: number[] = [];
  for (const [revisionId, incoming] of wanted) {
    let allMatched = true;
    for (const c of incoming) {
      const stored = bySha.get(`${revisionId} ${configHash(c.configString)}`);
      if (stored) stored.canonical = c.canonical;
      else allMatched = false;
    }
    if (!allMatched && byRevision.has(revisionId)) compareOptions.push(revisionId);
  }
  if (compareOptions.length) {
    const { rows: withOptions } = await db.query<{ id: number; options: unknown }>(
      `SELECT id, options FROM "TaskConfig" WHERE "revisionId" = ANY($1::int[])`,
      [compareOptions],
    );
    const byId = new Map(compareOptions.flatMap((r) => byRevision.get(r)!).map((s) => [s.id, s]));
    for (const { id, options } of withOptions) byId.get(id)!.canonical = canonicalOptions(options);
  }
  return byRevision;
}
