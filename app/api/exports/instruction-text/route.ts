import { route } from "@/lib/api/route";
import { prisma } from "@/lib/db/client";
import { getInstructionText, instructionTextSchema, setInstructionText } from "@/lib/export/instruction-text";

export const dynamic = "force-dynamic";

/** The fixed instructions every training row's user message starts with. */
export const GET = route({ role: "viewer" }, async () => getInstructionText(prisma()));

/** Curators change them; the change is audited and applies to exports started afterwards. */
export const PUT = route({ role: "curator", body: instructionTextSchema }, async ({ body, user }) =>
  prisma().$transaction((tx) => setInstructionText({ text: body.text, userId: user!.id }, tx)),
);
