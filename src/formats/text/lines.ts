/**
 * Splits UTF-8 chunks with LF line endings (see open-text.ts) into numbered lines,
 * holding at most `maxLineBytes` of one line in memory: a line longer than that is
 * reported as too long with its first bytes only, and the rest of it is skipped
 * as it streams past. That is what keeps a 10 MB line without a newline from
 * exhausting memory.
 */
export type TextLine =
  | { number: number; text: string; tooLong?: undefined }
  | {
      number: number;
      tooLong: true;
      /** The first bytes of the line, decoded. */ head: string;
      /** Its full length in bytes. */ length: number;
    };

const LF = 0x0a;
const HEAD_KEPT = 600;

export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<TextLine> {
  let number = 0;
  let parts: Buffer[] = [];
  let partsLength = 0;
  let overflow: { head: Buffer; length: number } | null = null;

  const finish = (): TextLine => {
    number++;
    let line: TextLine;
    if (overflow) {
      line = { number, tooLong: true, head: overflow.head.toString('utf8'), length: overflow.length };
    } else {
      const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, partsLength);
      line = { number, text: bytes.toString('utf8') };
    }
    parts = [];
    partsLength = 0;
    overflow = null;
    return line;
  };

  const append = (piece: Buffer) => {
    if (piece.length === 0) return;
    if (overflow) {
      overflow.length += piece.length;
      return;
    }
    if (partsLength + piece.length > maxLineBytes) {
      const joined = Buffer.concat([...parts, piece.subarray(0, HEAD_KEPT)]);
      overflow = { head: Buffer.from(joined.subarray(0, HEAD_KEPT)), length: partsLength + piece.length };
      parts = [];
      partsLength = 0;
      return;
    }
    parts.push(piece);
    partsLength += piece.length;
  };

  for await (const chunk of chunks) {
    let from = 0;
    let lf = chunk.indexOf(LF, from);
    while (lf !== -1) {
      append(chunk.subarray(from, lf));
      yield finish();
      from = lf + 1;
      lf = chunk.indexOf(LF, from);
    }
    append(chunk.subarray(from));
  }
  if (partsLength > 0 || overflow) yield finish();
}
