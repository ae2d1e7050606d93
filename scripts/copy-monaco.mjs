// Monaco is served from our own origin (no CDN): copy its AMD build into public/.
import fs from "node:fs";
import path from "node:path";

const from = path.resolve("node_modules/monaco-editor/min/vs");
const to = path.resolve("public/monaco/vs");
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.cpSync(from, to, { recursive: true });
