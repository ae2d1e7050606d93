import { route } from "@/lib/api/route";
import { exportOptionsSchema } from "@/lib/export/options";
import { previewWebExport } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";

/** What an export with these options would write: counts per file and its first rows. A read, sent as POST to carry the options' JSON. */
export const POST = route({ role: "viewer", body: exportOptionsSchema }, async ({ body }) => previewWebExport({ input: body }));
