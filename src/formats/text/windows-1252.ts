/**
 * Windows-1252 ("ANSI", what Excel on Western Windows saves) to text. Node 20's
 * TextDecoder('windows-1252') is really ISO-8859-1: it turns 0x80 into the
 * control character U+0080 instead of "€". The two differ only in 0x80–0x9F,
 * so decode as Latin-1 and map that row. Single-byte, so chunks need no state.
 */
const C1_ROW: Record<number, string> = {
  0x80: '\u20ac',
  0x82: '\u201a',
  0x83: '\u0192',
  0x84: '\u201e',
  0x85: '\u2026',
  0x86: '\u2020',
  0x87: '\u2021',
  0x88: '\u02c6',
  0x89: '\u2030',
  0x8a: '\u0160',
  0x8b: '\u2039',
  0x8c: '\u0152',
  0x8e: '\u017d',
  0x91: '\u2018',
  0x92: '\u2019',
  0x93: '\u201c',
  0x94: '\u201d',
  0x95: '\u2022',
  0x96: '\u2013',
  0x97: '\u2014',
  0x98: '\u02dc',
  0x99: '\u2122',
  0x9a: '\u0161',
  0x9b: '\u203a',
  0x9c: '\u0153',
  0x9e: '\u017e',
  0x9f: '\u0178',
};

const C1_PATTERN = /[\u0080-\u009f]/g;

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1_PATTERN, (c) => C1_ROW[c.charCodeAt(0)] ?? c);
}
