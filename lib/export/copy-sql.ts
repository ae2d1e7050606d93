import { escapeLiteral } from "pg";
import { prepareValue } from "pg/lib/utils";
import type { Prisma } from "@/lib/generated/prisma/client";

// COPY takes no bind parameters, so an export's query goes to COPY with its
// parameters written in as literals. Each value is converted exactly as pg
// converts a parameter (prepareValue: arrays to array literals, dates to
// timestamps…) and then quoted as a string literal (escapeLiteral). pg sends
// parameters as text of unknown type, and a quoted literal is unknown-typed
// text as well, so the query means the same either way.

/** `$n` placeholders, skipping anything inside quoted literals or identifiers. */
const PLACEHOLDER = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;

export function inlineParameters(query: Prisma.Sql): string {
  return query.text.replace(PLACEHOLDER, (match, n: string | undefined) => {
    if (n === undefined) return match;
    const index = Number(n) - 1;
    if (index < 0 || index >= query.values.length) throw new Error(`query parameter $${n} has no value`);
    return literal(query.values[index]);
  });
}

function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return "NULL";
  if (Buffer.isBuffer(prepared)) return escapeLiteral(`\\x${prepared.toString("hex")}`);
  return escapeLiteral(prepared);
}

/** The query as a binary COPY to the client. */
export function copyBinarySql(query: Prisma.Sql): string {
  return `COPY (${inlineParameters(query)}) TO STDOUT (FORMAT binary)`;
}
