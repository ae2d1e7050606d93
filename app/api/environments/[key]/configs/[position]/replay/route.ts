import { z } from "zod";
import { route } from "@/lib/api/route";
import { getConfigReplay } from "@/lib/environments/queries";

export const dynamic = "force-dynamic";

const params = z.object({ key: z.string().min(1).max(300), position: z.coerce.number().int().min(0) });
const query = z.object({ run: z.coerce.number().int().positive().optional() }).strict();

/**
 * GET /api/environments/:key/configs/:position/replay[?run=<id>] → { config, runs, result }:
 * the oracle's recorded calls on that configuration of the current revision, from its latest run or the given one.
 */
export const GET = route({ role: "viewer", params, query }, async ({ params, query }) =>
  getConfigReplay({ key: params.key, position: params.position, runId: query.run }),
);
