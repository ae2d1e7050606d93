import { z } from "zod";
import { route } from "@/lib/api/route";
import { exportJobJson } from "@/lib/export/job-json";
import { getWebExport } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.coerce.number().int().positive() });

/** One export: status, progress, manifest, and its audit events. */
export const GET = route({ role: "viewer", params }, async ({ params }) => {
  const { job, events } = await getWebExport({ id: params.id });
  return { ...exportJobJson(job), events };
});
