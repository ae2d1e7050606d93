import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { dataDir, env } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { ensureDatabase, migrate } from "./migrate";

const DATABASE_NAME = "curator";

export interface OpenDatabase {
  url: string;
  /** Whether this process started the embedded server (and so must stop it). */
  startedEmbedded: boolean;
  close(): Promise<void>;
}

function urlFile() {
  return path.join(dataDir(), "postgres.url");
}

/**
 * The database every entry point uses: DATABASE_URL when set; else the
 * embedded server another process of ours (npm start) is running; else an
 * embedded server started here, under .data/postgres. Migrations are applied.
 */
export async function openDatabase(opts: { log?: (line: string) => void; migrate?: boolean } = {}): Promise<OpenDatabase> {
  const log = opts.log ?? (() => {});
  let url = env.DATABASE_URL;
  let close = async () => {};
  let startedEmbedded = false;
  if (!url) url = (await runningEmbeddedUrl()) ?? undefined;
  if (!url) {
    log(`Starting the embedded PostgreSQL in ${path.join(dataDir(), "postgres")} …`);
    const server = await startEmbeddedPostgres({ dir: path.join(dataDir(), "postgres") });
    await ensureDatabase(server.adminUrl, DATABASE_NAME);
    url = server.urlFor(DATABASE_NAME);
    fs.writeFileSync(urlFile(), url);
    startedEmbedded = true;
    close = async () => {
      fs.rmSync(urlFile(), { force: true });
      await server.stop();
    };
  }
  process.env.DATABASE_URL = url;
  if (opts.migrate !== false) {
    const result = await migrate(url);
    if (result.applied.length) log(`Applied migrations: ${result.applied.join(", ")}`);
  }
  return { url, startedEmbedded, close };
}

async function runningEmbeddedUrl(): Promise<string | null> {
  const file = urlFile();
  if (!fs.existsSync(file)) return null;
  const url = fs.readFileSync(file, "utf8").trim();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    fs.rmSync(file, { force: true });
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
