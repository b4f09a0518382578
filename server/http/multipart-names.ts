import type { Context } from 'koa';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { isPrototypeName } from '../../src/common/body-shape';
import { invalid } from '../../src/common/errors';

/**
 * The names of a multipart/form-data body's parts, read off the bytes as they stream to
 * Strapi's parser. The parser (formidable, through qs) drops a text field named after a
 * property of Object.prototype (`__proto__`, `constructor` …) without a word, and a file
 * part of that name lands on the files object's prototype; with the names seen here, a
 * multipart route refuses such a part like any unknown field (`refusePrototypeParts`).
 *
 * Only part headers are looked at: the boundary, then the header block up to the blank
 * line. At most one header block (plus a boundary) is held between chunks, whatever the
 * size of the files.
 */
const MAX_HEADER_BYTES = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

export class MultipartNameScanner {
  readonly names: string[] = [];
  private readonly delimiter: Buffer;
  private pending: Buffer = Buffer.alloc(0);

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`--${boundary}`);
  }

  push(chunk: Buffer): void {
    const buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let position = 0;
    for (;;) {
      const start = buffer.indexOf(this.delimiter, position);
      if (start === -1) {
        // Keep what could be the start of a delimiter split across chunks.
        this.pending = buffer.subarray(Math.max(position, buffer.length - (this.delimiter.length - 1)));
        return;
      }
      const headers = start + this.delimiter.length;
      const end = buffer.indexOf(HEADER_END, headers);
      if (end === -1) {
        if (buffer.length - start <= MAX_HEADER_BYTES + this.delimiter.length) {
          this.pending = buffer.subarray(start);
          return;
        }
        position = headers; // Not a header block a parser would accept; look further.
        continue;
      }
      const name = partName(buffer.subarray(headers, end).toString('utf8'));
      if (name !== null) this.names.push(name);
      position = end + HEADER_END.length;
    }
  }
}

/** The `name` of a part's Content-Disposition header, or null (the closing delimiter, no header). */
function partName(block: string): string | null {
  if (!block.startsWith('\r\n')) return null;
  for (const line of block.split('\r\n')) {
    if (!/^content-disposition\s*:/i.test(line)) continue;
    const match = /;\s*name\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(line);
    if (match) return match[1] ?? match[2];
  }
  return null;
}

const STATE_KEY = 'utilitiesMultipartNames';

/** The boundary of a multipart/form-data Content-Type, or null. */
function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * A request message that streams the original's body unchanged, noting its part names
 * in `ctx.state` as they pass. Null when the body is not multipart with a boundary.
 */
export function tapMultipartNames(ctx: Context): IncomingMessage | null {
  const boundary = boundaryOf(ctx.get('content-type'));
  if (boundary === null) return null;
  const scanner = new MultipartNameScanner(boundary);
  (ctx.state as Record<string, unknown>)[STATE_KEY] = scanner.names;
  const original = ctx.req;
  // An unconnected socket: reading the copy must not touch the real connection.
  const copy = new IncomingMessage(new Socket());
  copy.headers = original.headers;
  copy.method = original.method;
  copy.url = original.url;
  copy._read = () => {
    original.resume();
  };
  original.on('data', (chunk: Buffer) => {
    scanner.push(chunk);
    if (!copy.push(chunk)) original.pause();
  });
  original.on('end', () => copy.push(null));
  original.on('error', (error) => copy.destroy(error));
  return copy;
}

/** The first part name that the parser would have dropped, or null. */
function prototypePartName(ctx: Context): string | null {
  const names = (ctx.state as Record<string, unknown>)[STATE_KEY];
  if (!Array.isArray(names)) return null;
  for (const name of names as string[]) {
    // `constructor[x]` is read by qs as the field `constructor`.
    const field = name.split('[')[0];
    if (isPrototypeName(field)) return field;
  }
  return null;
}

/** A 400 naming the first part the parser dropped for its name, as for any unknown field. */
export function refusePrototypeParts(ctx: Context): void {
  const dropped = prototypePartName(ctx);
  if (dropped === null) return;
  const message = `Unknown field ${JSON.stringify(dropped)}`;
  throw invalid(message, [{ path: [dropped], message }], 'unrecognized_keys', { field: dropped });
}
