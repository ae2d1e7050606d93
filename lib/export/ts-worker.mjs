// Starts a worker thread whose entry is TypeScript, when running from the
// sources (tests, the CLI under tsx): tsx's loader is registered in this
// thread first, since a worker does not inherit its parent's. The built app
// runs the bundler's JavaScript instead and never loads this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
