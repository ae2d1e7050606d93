// `npm test`: every Vitest test, then every Playwright test against the built
// app, then one closing line `N passed, N failed` counting both runners.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "@/lib/db/embedded-postgres";

const root = process.cwd();
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "curator-test-report-"));
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const only = process.argv[2];

let passed = 0;
let failed = 0;
let skipped = 0;

if (only !== "e2e") {
  const vitestReport = path.join(reports, "vitest.json");
  spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`], { stdio: "inherit" });
  const counts = readVitest(vitestReport);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}

if (only !== "unit") {
  ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "curator-e2e-"));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as `postgres` when we are root
  const e2eReport = path.join(reports, "playwright.json");
  const port = await findFreePort(3100);
  spawnSync(bin("playwright"), ["test"], {
    stdio: "inherit",
    env: { ...process.env, E2E_PORT: String(port), E2E_DATA_DIR: dataDir, E2E_JSON_REPORT: e2eReport },
  });
  const counts = readPlaywright(e2eReport);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  fs.rmSync(dataDir, { recursive: true, force: true });
}

fs.rmSync(reports, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function readVitest(file: string) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  // A file that fails to load has no test results of its own; count it as a failure.
  const brokenFiles = (r.testResults ?? []).filter((f: { status: string; assertionResults: unknown[] }) => f.status === "failed" && f.assertionResults.length === 0).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
}

function readPlaywright(file: string) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const s = r.stats ?? {};
  const setupFailed = (r.errors ?? []).length > 0 ? 1 : 0;
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) + setupFailed, skipped: s.skipped ?? 0 };
}

/** Builds the app when there is no build, or when a source file is newer than it. */
function ensureBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (fs.existsSync(buildId) && newestSource() < fs.statSync(buildId).mtimeMs) return;
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

function newestSource(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "generated" && e.name !== "node_modules") visit(full);
      } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "public"]) if (fs.existsSync(path.join(root, d))) visit(path.join(root, d));
  for (const f of ["next.config.ts", "package.json", "prisma/schema.prisma"]) if (fs.existsSync(f)) newest = Math.max(newest, fs.statSync(f).mtimeMs);
  return newest;
}
