import path from "node:path";
import { manifestFile } from "./formats";
import type { ExportJobView } from "./jobs";

/** An export as the API shows it: file names, never the server's paths. */
export function exportJobJson(job: ExportJobView) {
  const { filePath, ...rest } = job;
  const ready = job.status === "succeeded" && filePath !== null;
  return { ...rest, hasFiles: ready, manifestName: ready ? path.basename(manifestFile(filePath)) : null };
}

export type ExportJobJson = ReturnType<typeof exportJobJson>;
