import fs from "node:fs";

/** Longer lines are reported and skipped without ever being held in memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type Line = { line: number; text: string } | { line: number; error: string };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Streams the lines of a file with their 1-based numbers. Memory stays bounded
 * by MAX_LINE_BYTES whatever the file size; blank lines are skipped.
 */
export async function* readLines(file: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = 0;
  let lineNo = 0;

  const finishLine = (): Line | null => {
    lineNo++;
    if (oversized) {
      const size = oversized;
      oversized = 0;
      return { line: lineNo, error: `line is ${formatBytes(size)}, over the ${formatBytes(maxLineBytes)} limit` };
    }
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return decodeLine(lineNo, bytes);
  };

  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      append(chunk.subarray(start, nl));
      const line = finishLine();
      if (line) yield line;
      start = nl + 1;
    }
    append(chunk.subarray(start));
  }
  if (pendingBytes > 0 || oversized) {
    const line = finishLine();
    if (line) yield line;
  }

  function append(part: Buffer) {
    if (part.length === 0) return;
    if (oversized || pendingBytes + part.length > maxLineBytes) {
      oversized = (oversized || pendingBytes) + part.length;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  }
}

function decodeLine(line: number, bytes: Buffer): Line | null {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  let start = 0;
  if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const slice = bytes.subarray(start, end);
  if (isBlank(slice)) return null;
  try {
    return { line, text: utf8.decode(slice) };
  } catch {
    return { line, error: `not valid UTF-8 (first bad byte at column ${firstInvalidUtf8(slice) + 1})` };
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09) return false;
  return true;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return bytes.length;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
