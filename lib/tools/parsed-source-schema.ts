import { z } from "zod";

// The shape lib/python/codegym_parse.py writes; parsed on the Node side because the
// Python process is a separate program whose output we must not take on trust.

export const parseFindingSchema = z.object({
  /** snake_case, e.g. syntax_error, missing_method, undocumented_argument. */
  kind: z.string().min(1),
  message: z.string(),
  line: z.number().int().nullable(),
  tool: z.string().nullable(),
});

export const parsedParameterSchema = z.object({
  name: z.string(),
  /** From the docstring's `name (type): text` line, else the annotation. */
  type: z.string().nullable(),
  /** The annotation's source text, as written. */
  annotation: z.string().nullable(),
  /** "" when Args: does not document the parameter. */
  description: z.string(),
});

export const parsedToolSchema = z.object({
  /** Index in func_mapping. */
  position: z.number().int().nonnegative(),
  name: z.string(),
  actionCode: z.json(),
  /** `def Name(x: int)` with self removed; "" when func_mapping names a missing method. */
  signature: z.string(),
  /** The cleaned docstring; "" when there is none. */
  docstring: z.string(),
  description: z.string(),
  parameters: z.array(parsedParameterSchema),
  returns: z.string(),
  exampleOutput: z.string(),
  /** 1-based line of `def` (decorators excluded), and the method's last line. */
  lineStart: z.number().int().positive().nullable(),
  lineEnd: z.number().int().positive().nullable(),
});

export const funcMappingEntrySchema = z.object({ name: z.string(), actionCode: z.json() });

export const parsedSourceSchema = z.object({
  className: z.string().nullable(),
  funcMapping: z.array(funcMappingEntrySchema),
  tools: z.array(parsedToolSchema),
  /** The system prompt's tool docs block, built by the rule in CODEGYM_FORMAT.md. */
  docsBlock: z.string(),
  findings: z.array(parseFindingSchema),
});

export type ParseFinding = z.infer<typeof parseFindingSchema>;
export type ParsedParameter = z.infer<typeof parsedParameterSchema>;
export type ParsedTool = z.infer<typeof parsedToolSchema>;
export type FuncMappingEntry = z.infer<typeof funcMappingEntrySchema>;
export type ParsedSource = z.infer<typeof parsedSourceSchema>;

/** Finding kinds meaning the source was not analysed at all (everything else is empty). */
export const UNPARSED_KINDS: ReadonlySet<string> = new Set(["syntax_error", "source_too_large"]);
