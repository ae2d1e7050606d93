import { recordRevisionsSql, unitTestsSql, type EnvRef, type RecordRevision, type UnitTestRow } from "./select-sql";
import type { SnapshotReader } from "./pg-snapshot";
import { num } from "./training-rows";

/** One environment's record with everything it needs, fetched for a batch of environments at once. */
export interface RecordParts {
  env: EnvRef;
  revision: RecordRevision;
  tests: UnitTestRow[];
}

export async function completeRecords(reader: SnapshotReader, batch: EnvRef[]): Promise<RecordParts[]> {
  const ids = batch.map((e) => e.rev);
  const [revisions, tests] = await Promise.all([
    reader.sideQuery<RecordRevision>(recordRevisionsSql(ids)),
    reader.sideQuery<UnitTestRow>(unitTestsSql(ids)),
  ]);
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const testsBy = new Map<number, UnitTestRow[]>();
  for (const t of tests) {
    const list = testsBy.get(t.rev);
    if (list) list.push(t);
    else testsBy.set(t.rev, [t]);
  }
  return batch.map((env) => {
    const revision = byId.get(env.rev);
    if (!revision) throw new Error(`revision ${env.rev} of ${env.key} vanished during the export`);
    return { env, revision, tests: testsBy.get(env.rev) ?? [] };
  });
}

/**
 * A verified-environment record, as lib/import reads it back (envRecordSchema),
 * keys in CodeGym's order and spaced as Python's json.dumps spaces them. The
 * docstring is the revision's docs block; unit_test_list carries our latest
 * results (see unitTestsSql).
 */
export function recordJsonLine({ env, revision, tests }: RecordParts): string {
  const unitTests = tests
    .map(
      (t) =>
        `{"unit_test": ${JSON.stringify(t.configString)}, "ref_answer": ${t.refAnswer ?? "null"}, ` +
        `"solve_fc_round": ${num(t.steps)}, "time": ${num(t.time)}, "mem": ${num(t.mem)}}`,
    )
    .join(", ");
  return (
    `{"code_id": ${JSON.stringify(env.codeId)}, "env_name": ${JSON.stringify(env.envName)}, ` +
    `"gym_env": ${JSON.stringify(revision.sourceCode)}, "gym_task": ${JSON.stringify(revision.taskDescription)}, ` +
    `"docstring": ${JSON.stringify(revision.docsBlock)}, "unit_test_list": [${unitTests}]}\n`
  );
}
