// JSON string escaping on UTF-8 bytes, exactly as JSON.stringify escapes the
// decoded text: `"` and `\` get a backslash, the control characters below
// 0x20 become \b \t \n \f \r or \u00xx (lowercase hex), everything else is
// copied as it is (JSON.stringify's only other escape, lone surrogates, cannot
// occur in valid UTF-8, which is all PostgreSQL's text in a UTF8 database can
// be). Working on the bytes the database sent saves decoding them to a string,
// escaping that and encoding it again, for every row.

/** The most bytes `n` input bytes can become (a control character becomes \u00xx). */
export const MAX_ESCAPED_PER_BYTE = 6;

const HEX = "0123456789abcdef";
const SHORT: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 }; // \b \t \n \f \r

/** Writes the escaped form of `src` (without quotes) at `at` in `dst`, which has room for 6 × src.length bytes; returns the new end. */
export function escapeJsonInto(src: Uint8Array, dst: Uint8Array, at: number): number {
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
      dst[at++] = b;
    } else if (b === 0x22 || b === 0x5c) {
      dst[at++] = 0x5c;
      dst[at++] = b;
    } else if (SHORT[b] !== undefined) {
      dst[at++] = 0x5c;
      dst[at++] = SHORT[b]!;
    } else {
      dst[at++] = 0x5c;
      dst[at++] = 0x75; // u
      dst[at++] = 0x30;
      dst[at++] = 0x30;
      dst[at++] = HEX.charCodeAt(b >> 4);
      dst[at++] = HEX.charCodeAt(b & 15);
    }
  }
  return at;
}
