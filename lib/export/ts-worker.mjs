// Starts a worker thread whose entry is TypeScript, when running from the
// sources (tests, the CLI under tsx): esbuild (which tsx runs on) bundles the
// entry and all it imports into one module, which this thread imports. That
// starts in a few tens of milliseconds, where registering tsx's loader in the
// thread (a worker does not inherit its parent's) took ~0.3 s. The built app
// runs the bundler's JavaScript instead and never loads this file.
import { fileURLToPath } from "node:url";
import { workerData } from "node:worker_threads";
import { build } from "esbuild";

const { outputFiles } = await build({
  entryPoints: [fileURLToPath(workerData.entry)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  write: false,
  logLevel: "silent",
});
await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString("base64")}`);
