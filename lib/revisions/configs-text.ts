import { canonicalOptions, parseConfigString } from "@/lib/codegym/config-string";

// The editor's configurations box: one config string per line, or a JSON list
// of config strings (or of option objects, which take the class's name). Pure,
// so the editor marks bad lines as you type and the server checks the same way.

export interface ConfigLineError {
  /** 1-based line in the text. */
  line: number;
  message: string;
}

export interface ParsedConfigs {
  configs: string[];
  errors: ConfigLineError[];
}

export const MAX_CONFIGS = 10_000;

export function parseConfigsText(text: string, className: string | null): ParsedConfigs {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return parseJsonList(text, className);
  const items: { text: string; line: number }[] = [];
  text.split("\n").forEach((raw, i) => {
    const t = raw.trim();
    if (t) items.push({ text: t, line: i + 1 });
  });
  return check(items, className);
}

/** An already-split list (the API may send one); "lines" are 1-based list positions. */
export function parseConfigList(list: string[], className: string | null): ParsedConfigs {
  return check(list.map((text, i) => ({ text: text.trim(), line: i + 1 })), className);
}

function parseJsonList(text: string, className: string | null): ParsedConfigs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { configs: [], errors: [{ line: 1, message: `not a valid JSON list (${(error as Error).message})` }] };
  }
  if (!Array.isArray(value)) return { configs: [], errors: [{ line: 1, message: "expected a JSON list" }] };
  const lineOf = itemLines(text, value.length);
  const items: { text: string; line: number }[] = [];
  const errors: ConfigLineError[] = [];
  value.forEach((item, i) => {
    const line = lineOf[i] ?? 1;
    if (typeof item === "string") items.push({ text: item.trim(), line });
    else if (item && typeof item === "object" && !Array.isArray(item)) {
      if (className) items.push({ text: `${className}@${JSON.stringify(item)}`, line });
      else errors.push({ line, message: `item ${i + 1}: an options object needs the source to define its class; write "<EnvName>@{...}"` });
    } else errors.push({ line, message: `item ${i + 1}: expected a config string "<EnvName>@{...}" or an options object` });
  });
  const checked = check(items, className);
  return { configs: checked.configs, errors: [...errors, ...checked.errors].sort((a, b) => a.line - b.line) };
}

/** Where each top-level item of a JSON list starts, for markers (a best effort: one item a line is the usual layout). */
function itemLines(text: string, count: number): number[] {
  const lines: number[] = [];
  let depth = 0;
  let inString = false;
  let line = 1;
  let expectItem = false;
  for (let i = 0; i < text.length && lines.length < count; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectItem && c !== undefined && !/\s/.test(c) && c !== "]") {
      lines.push(line);
      expectItem = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth === 1) expectItem = true;
    } else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 1) expectItem = true;
  }
  return lines;
}

function check(items: { text: string; line: number }[], className: string | null): ParsedConfigs {
  const configs: string[] = [];
  const errors: ConfigLineError[] = [];
  const seen = new Map<string, number>();
  if (items.length > MAX_CONFIGS) errors.push({ line: items[MAX_CONFIGS]?.line ?? 1, message: `at most ${MAX_CONFIGS} configurations` });
  for (const { text, line } of items.slice(0, MAX_CONFIGS)) {
    const parsed = parseConfigString(text);
    if (!parsed.ok) {
      errors.push({ line, message: parsed.error });
      continue;
    }
    if (className && parsed.envName !== className) {
      errors.push({ line, message: `names ${parsed.envName}, but the source defines class ${className}` });
      continue;
    }
    const canonical = `${parsed.envName}@${canonicalOptions(parsed.options)}`;
    const first = seen.get(canonical);
    if (first !== undefined) {
      errors.push({ line, message: `the same configuration as line ${first}` });
      continue;
    }
    seen.set(canonical, line);
    configs.push(text);
  }
  return { configs, errors };
}

export function formatConfigsText(configs: string[]): string {
  return configs.join("\n");
}
