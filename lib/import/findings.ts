import type { ParsedSource, ParseFinding } from "@/lib/tools/parsed-source-schema";
import type { EnvContribution } from "./contributions";

/** The parser's findings plus what only the importer can see: the file's name against the class. */
export function revisionFindings(c: EnvContribution, parsed: ParsedSource): ParseFinding[] {
  const findings = [...parsed.findings];
  if (parsed.className && parsed.className !== c.envName) {
    findings.push({
      kind: "class_name_mismatch",
      message: `the key names ${c.envName}, but the source defines ${parsed.className}`,
      line: null,
      tool: null,
    });
  }
  return findings;
}
