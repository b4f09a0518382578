/**
 * Line endings, normalised once at the byte level: CRLF (Windows) and a lone CR
 * (old Mac exports, some loggers) both become LF. Everything downstream (csv-parse's
 * line counter, the NEM12 line splitter) then sees one record delimiter, which is
 * what keeps line numbers right: csv-parse 7.0.3 counts a CRLF inside a quoted
 * field as two lines.
 */
const CR = 0x0d;
const LF = 0x0a;
const LF_BUFFER = Buffer.from([LF]);

/** A stateful converter for consecutive chunks of one stream (a CRLF may be split between two chunks). */
export function createNewlineNormalizer(): (chunk: Buffer) => Buffer {
  let previousEndedWithCR = false;
  return (chunk) => {
    if (chunk.length === 0) return chunk;
    // The LF of a CRLF whose CR ended the previous chunk (already turned into LF).
    const start = previousEndedWithCR && chunk[0] === LF ? 1 : 0;
    previousEndedWithCR = false;
    let cr = chunk.indexOf(CR, start);
    if (cr === -1) return start === 0 ? chunk : chunk.subarray(start);

    const parts: Buffer[] = [];
    let from = start;
    while (cr !== -1) {
      parts.push(chunk.subarray(from, cr));
      if (cr + 1 === chunk.length) {
        parts.push(LF_BUFFER);
        previousEndedWithCR = true;
      } else if (chunk[cr + 1] !== LF) {
        parts.push(LF_BUFFER);
      }
      // For CRLF the LF itself starts the next part.
      from = cr + 1;
      cr = chunk.indexOf(CR, from);
    }
    parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  };
}

/** The same normalisation for text already in memory (sniffing the head of a file). */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
