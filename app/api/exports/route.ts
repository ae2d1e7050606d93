import { z } from "zod";
import { route } from "@/lib/api/route";
import { exportJobJson } from "@/lib/export/job-json";
import { exportOptionsSchema } from "@/lib/export/options";
import { listWebExports, startWebExport } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";

const listQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Exports with their manifests and audit events, newest first; `nextBefore` pages to older ones. */
export const GET = route({ role: "viewer", query: listQuery }, async ({ query }) => {
  const page = await listWebExports(query);
  return { rows: page.rows.map(({ job, events }) => ({ ...exportJobJson(job), events })), nextBefore: page.nextBefore };
});

/** Starts an export (viewers may export); poll GET /api/exports/:id for progress, then download. */
export const POST = route({ role: "viewer", body: exportOptionsSchema }, async ({ body, user }) => {
  const job = await startWebExport({ input: body, user: user! });
  return Response.json(exportJobJson(job), { status: 202 });
});
