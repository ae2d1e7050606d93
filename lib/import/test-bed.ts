import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { createSourceParser } from "@/lib/tools/parse-sources";

/**
 * What an import test file needs: its own database, a source parser and a
 * scratch folder to write input files in, all removed after the file's tests.
 */
export function importTestBed(name: string) {
  const parser = createSourceParser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const bed = {
    db: null as unknown as TestDatabase,
    parser,
    dir,
    /** Writes an input file under the scratch folder and returns its path. */
    write(file: string, content: string | Buffer): string {
      const at = path.join(dir, file);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, content);
      return at;
    },
  };
  beforeAll(async () => {
    bed.db = await createTestDatabase();
  });
  afterAll(async () => {
    await parser.close();
    await bed.db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return bed;
}
