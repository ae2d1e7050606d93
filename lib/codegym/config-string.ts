import crypto from "node:crypto";

// A task configuration is `<EnvName>@<JSON object of options>`; the veRL
// `ability` field is `codegym_v1@<code_id>__<EnvName>@<JSON options>`.

export const ABILITY_PREFIX = "codegym_v1";

export type ConfigParse =
  | { ok: true; envName: string; optionsText: string; options: Record<string, unknown> }
  | { ok: false; error: string };

export function parseConfigString(config: string): ConfigParse {
  const at = config.indexOf("@");
  if (at <= 0) return { ok: false, error: "expected <EnvName>@<JSON options>" };
  const envName = config.slice(0, at);
  const optionsText = config.slice(at + 1);
  const options = parseOptions(optionsText);
  if (!options.ok) return options;
  return { ok: true, envName, optionsText, options: options.value };
}

function parseOptions(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `options are not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: "options must be a JSON object" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export function formatConfigString(envName: string, optionsText: string): string {
  return `${envName}@${optionsText}`;
}

export function formatAbility(key: string, optionsText: string): string {
  return `${ABILITY_PREFIX}@${key}@${optionsText}`;
}

export type AbilityParse =
  | { ok: true; key: string; envName: string; codeId: string; optionsText: string; options: Record<string, unknown> }
  | { ok: false; error: string };

export function parseAbility(ability: string): AbilityParse {
  const first = ability.indexOf("@");
  const second = first < 0 ? -1 : ability.indexOf("@", first + 1);
  if (first < 0 || second < 0) return { ok: false, error: "expected codegym_v1@<code_id>__<EnvName>@<JSON options>" };
  const key = ability.slice(first + 1, second);
  const sep = key.lastIndexOf("__");
  if (sep <= 0) return { ok: false, error: `"${key}" is not <code_id>__<EnvName>` };
  const optionsText = ability.slice(second + 1);
  const options = parseOptions(optionsText);
  if (!options.ok) return options;
  return { ok: true, key, codeId: key.slice(0, sep), envName: key.slice(sep + 2), optionsText, options: options.value };
}

/** Options compared by meaning, so `{"a": 1}` and `{"a":1}` name the same configuration. */
export function canonicalOptions(options: unknown): string {
  return JSON.stringify(sortKeys(options));
}

// Returns the value itself when it is already in order: options are mostly long lists of
// numbers, and copying them for every configuration read was the importer's main allocation.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== "object") continue;
      const sorted = sortKeys(item);
      if (sorted !== item) (copy ??= value.slice())[i] = sorted;
    }
    return copy ?? value;
  }
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const order = [...keys].sort();
    let same = order.every((k, i) => k === keys[i]);
    const children = order.map((k) => {
      const sorted = sortKeys(record[k]);
      if (sorted !== record[k]) same = false;
      return [k, sorted] as const;
    });
    return same ? value : Object.fromEntries(children);
  }
  return value;
}

/** What TaskConfig.configSha256 holds: configurations are unique per revision by this. */
export function configHash(configString: string): string {
  return crypto.createHash("sha256").update(configString, "utf8").digest("hex");
}
