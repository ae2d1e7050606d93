import { route } from "@/lib/api/route";
import { checkSourceSyntax } from "@/lib/revisions/syntax-check";
import { syntaxCheckSchema } from "@/lib/revisions/schema";

/** Python's compiler on the editor's text, inside the sandbox; nothing is executed or stored. */
export const POST = route({ role: "curator", body: syntaxCheckSchema }, async ({ body }) => checkSourceSyntax(body.code));
