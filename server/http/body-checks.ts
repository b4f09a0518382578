import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { isUtf8 } from 'node:buffer';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import {
  firstInvalidUtf8,
  formatPath,
  mayHoldPrototypeKey,
  prototypeKeyPath,
} from '../../src/common/body-shape';
import { answerError, answerInvalidField } from './error-body';
import { isPluginPath } from './plugin-paths';
import { tapMultipartNames } from './multipart-names';
import { prototypeName } from './prototype-keys';

/**
 * Reads a JSON or form body sent to the plugin's routes before Strapi's body parser does,
 * and refuses what that parser would quietly change:
 *
 * - bytes that are not UTF-8 — the parser decodes them to U+FFFD, so two different
 *   texts are stored as one (false duplicates) and the sender never learns why;
 * - a `__proto__` (or `constructor.prototype`) key in JSON — the parser refuses it with
 *   "forbidden prototype property" and no place; here the answer names it (`data[1]`
 *   in a batch);
 * - a form field named after a property of Object.prototype — qs drops it unseen (in a
 *   multipart body too: multipart-names.ts notes the part names, the route refuses).
 *
 * A body that passes is handed to the parser unchanged, from memory (`ctx.req` is
 * replaced by a stream of the same bytes for the rest of the request). Only bodies up to
 * the parser's own limit are read here; a larger one is left to the parser's 413.
 * A compressed body (Content-Encoding) is left to the parser as well.
 */
const DEFAULT_LIMITS = { json: 1024 * 1024, form: 56 * 1024 };

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** koa-body's limit setting ("1mb", "56kb", a number of bytes) in bytes. */
function bytesOf(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value) : null;
  return match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]) : fallback;
}

type MiddlewareEntry = string | { name?: string; config?: Record<string, unknown> };

function parserLimits(strapi: Core.Strapi) {
  const entries = strapi.config.get<MiddlewareEntry[] | undefined>('middlewares') ?? [];
  const body = entries.find((entry) => typeof entry === 'object' && entry.name === 'strapi::body');
  const config = (typeof body === 'object' && body.config) || {};
  return {
    json: bytesOf(config.jsonLimit, DEFAULT_LIMITS.json),
    form: bytesOf(config.formLimit, DEFAULT_LIMITS.form),
  };
}

/** The body's bytes, or null when it is longer than `limit` (then what was read is returned to the stream). */
async function readUpTo(req: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    chunks.push(buffer);
    if (size > limit) return null;
  }
  return Buffer.concat(chunks);
}

/** What is wrong with the body, or null when the parser may have it. */
function check(ctx: Context, bytes: Buffer, kind: 'json' | 'form'): boolean {
  // Node's own validator (the same rules) first; ours finds the offset to name.
  const offset = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (offset !== -1) {
    answerInvalidField(
      ctx,
      `The request body is not valid UTF-8 (byte ${offset} starts no UTF-8 character); send the text encoded as UTF-8`,
      [],
      { code: 'body-not-utf8', params: { offset } },
    );
    return false;
  }
  const text = bytes.toString('utf8');
  if (kind === 'form') {
    const name = prototypeName(text);
    if (name === null) return true;
    answerInvalidField(ctx, `Unknown field ${JSON.stringify(name)}`, [name], {
      code: 'unrecognized_keys',
      params: { field: name },
    });
    return false;
  }
  // No such key possible: the parser alone reads the body.
  if (!mayHoldPrototypeKey(text)) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return true; // Malformed JSON: the parser's own 400 says where.
  }
  const path = prototypeKeyPath(parsed);
  if (path === null) return true;
  const field = path[path.length - 1] === 'prototype' ? 'constructor' : '__proto__';
  const where = formatPath(path.slice(0, path.lastIndexOf(field)));
  const message = where
    ? `${where}: Unknown field ${JSON.stringify(field)}`
    : `Unknown field ${JSON.stringify(field)}`;
  answerInvalidField(ctx, message, path, { code: 'unrecognized_keys', params: { field, at: where } });
  return false;
}

/** A request message that yields `bytes` as its body, with the original's headers. */
function replay(original: IncomingMessage, bytes: Buffer): IncomingMessage {
  // An unconnected socket: reading the copy must not touch the real connection.
  const copy = new IncomingMessage(new Socket());
  copy.headers = original.headers;
  copy.method = original.method;
  copy.url = original.url;
  copy.push(bytes);
  copy.push(null);
  // The whole message is here. Left false, the copy counts as aborted once read: Node then
  // destroys its socket and builds a "premature close" error (a stack trace) for nobody —
  // 2.3 % of a device POST's CPU profile.
  copy.complete = true;
  return copy;
}

export function bodyChecks(strapi: Core.Strapi) {
  return async (ctx: Context, next: Next) => {
    if (ctx.is('multipart') && isPluginPath(strapi, ctx.path)) {
      // Too large to hold: the part names are noted as the body streams to the parser.
      const original = ctx.req;
      const tapped = tapMultipartNames(ctx);
      if (tapped) ctx.req = tapped;
      try {
        await next();
      } finally {
        ctx.req = original;
      }
      return;
    }
    const kind = ctx.is('json') ? 'json' : ctx.is('urlencoded') ? 'form' : null;
    const encoding = ctx.get('content-encoding');
    if (
      kind === null ||
      !isPluginPath(strapi, ctx.path) ||
      (encoding !== '' && encoding.toLowerCase() !== 'identity')
    ) {
      await next();
      return;
    }
    const original = ctx.req;
    const bytes = await readUpTo(original, parserLimits(strapi)[kind]);
    if (bytes !== null && !check(ctx, bytes, kind)) return;
    // Hand the parser the same bytes. (A body over the limit: the parser reads the
    // exhausted stream as empty, so answer the 413 it would have given.)
    if (bytes === null) {
      // The parser's own words, which the usage routes reword (usage-body-limit.ts).
      answerError(ctx, 413, 'PayloadTooLargeError', 'request entity too large', {
        limit: parserLimits(strapi)[kind],
      });
      return;
    }
    ctx.req = replay(original, bytes);
    try {
      await next();
    } finally {
      ctx.req = original;
    }
  };
}
