import fs from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { route } from "@/lib/api/route";
import { recordExportDownload } from "@/lib/export/jobs";
import { prisma } from "@/lib/db/client";
import { downloadTarget } from "@/lib/export/web-exports";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.coerce.number().int().positive() });
const query = z.object({ file: z.string().min(1).max(300).optional() });

/** Streams one file of a finished export from disk (the data file by default; `?file=` names another of its manifest's files, or the manifest). */
export const GET = route({ role: "viewer", params, query }, async ({ params, query, user }) => {
  const target = await downloadTarget({ id: params.id, file: query.file });
  await recordExportDownload({ id: params.id, file: target.name, userId: user!.id }, prisma());
  const body = Readable.toWeb(fs.createReadStream(target.path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": target.contentType,
      "content-length": String(target.bytes),
      "content-disposition": `attachment; filename="${target.name.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
});
