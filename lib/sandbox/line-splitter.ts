/**
 * Splits a byte stream into newline-terminated lines, holding at most maxLineBytes of any
 * line (the peer may be hostile or broken). After an overflow it ignores all further input.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowed = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.overflowed) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline < 0 ? chunk.length : newline;
      if (this.pendingBytes + (end - start) > this.maxLineBytes) {
        this.overflow();
        return;
      }
      if (newline < 0) {
        if (start < chunk.length) this.pending.push(chunk.subarray(start));
        this.pendingBytes += chunk.length - start;
        return;
      }
      let line: string;
      if (this.pending.length === 0) {
        line = chunk.toString("utf8", start, newline); // the usual case: no copy first
      } else {
        this.pending.push(chunk.subarray(start, newline));
        line = Buffer.concat(this.pending).toString("utf8");
        this.pending = [];
        this.pendingBytes = 0;
      }
      start = newline + 1;
      this.onLine(line);
    }
  }

  private overflow(): void {
    this.overflowed = true;
    this.pending = [];
    this.onOverflow();
  }
}
