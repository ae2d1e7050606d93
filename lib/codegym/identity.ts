// Names and keys as CodeGym spells them: `<Subset>_<number>_I`, `<code_id>__<EnvName>`.

const CODE_ID = /^([A-Za-z][A-Za-z_]*?)_(\d+)_I$/;
const ENV_NAME = /^[A-Za-z]+$/;

export function envKey(codeId: string, envName: string): string {
  return `${codeId}__${envName}`;
}

export function splitEnvKey(key: string): { codeId: string; envName: string } | null {
  const at = key.lastIndexOf("__");
  if (at <= 0) return null;
  const codeId = key.slice(0, at);
  const envName = key.slice(at + 2);
  return isEnvName(envName) ? { codeId, envName } : null;
}

export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** The source dataset split a code_id came from (`Leetcode`, `Codeforces`, `Code_Contests`, …). */
export function subsetOf(codeId: string): string {
  return CODE_ID.exec(codeId)?.[1] ?? codeId.split("_")[0] ?? "unknown";
}

export function sourceFileName(codeId: string, envName: string): string {
  return `${envKey(codeId, envName)}.py`;
}

/** `<code_id>__<EnvName>.py` → its parts, or null for any other file name. */
export function parseSourceFileName(fileName: string): { codeId: string; envName: string } | null {
  if (!fileName.endsWith(".py")) return null;
  return splitEnvKey(fileName.slice(0, -3));
}
