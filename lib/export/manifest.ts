import fs from "node:fs";
import path from "node:path";
import type { Split } from "./formats";
import type { ExportFormat, ResolvedExportOptions } from "./options";
import type { PlanCounts } from "./plan";

export interface ManifestFile {
  /** File name, relative to the manifest's folder. */
  name: string;
  split: Split;
  bytes: number;
  sha256: string;
  /** Training rows, or records/sources (one per environment). */
  items: number;
  environments: number;
}

export interface ExportWho {
  userId: number | null;
  username: string | null;
  /** "web" or "cli". */
  via: "web" | "cli";
}

/** Written next to the data files as `<stem>.manifest.json`, and stored on the ExportJob row. */
export interface ExportManifest {
  version: 1;
  generator: "codegym-curator";
  exportId: number | null;
  format: ExportFormat;
  /** The environment filter as the list page's query string ("" = every environment). */
  filter: string;
  options: ResolvedExportOptions;
  /** The fixed instructions in each training row's user message (training formats only). */
  instructionText: string | null;
  counts: {
    environments: number;
    /** Training rows for the veRL formats; records or source files otherwise. */
    items: number;
    unit: "rows" | "environments";
    selectedEnvironments: number;
    selectedConfigurations: number;
    droppedConfigurations: number;
  };
  files: ManifestFile[];
  /** The revision exported for each environment, as `key → revision id` (sorted by key). */
  revisions: Record<string, number>;
  /** The same ids as a sorted list. */
  revisionIds: number[];
  who: ExportWho;
  startedAt: string;
  finishedAt: string;
}

export function manifestCounts(counts: PlanCounts, files: ManifestFile[], unit: "rows" | "environments"): ExportManifest["counts"] {
  return {
    environments: files.reduce((n, f) => n + f.environments, 0),
    items: files.reduce((n, f) => n + f.items, 0),
    unit,
    selectedEnvironments: counts.selectedEnvironments,
    selectedConfigurations: counts.selectedConfigurations,
    droppedConfigurations: counts.droppedConfigurations,
  };
}

export function writeManifest(file: string, manifest: ExportManifest): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(partial, file);
}
