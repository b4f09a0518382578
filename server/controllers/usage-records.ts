import { rm } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { invalid } from '../../src/common/errors';
import { refusePrototypeParts } from '../http/multipart-names';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';
import { explainPartialPath } from '../services/usage/usage-records';

type UploadedPart = {
  filepath: string;
  originalFilename?: string | null;
  newFilename?: string;
  size: number;
};

/**
 * The sender's address as the socket (or, with `server.proxy` configured, the proxy
 * header) gives it; an IPv4 peer of a dual-stack socket reads "::ffff:10.0.0.5".
 */
function senderIp(ctx: Context): string | null {
  const ip = ctx.request.ip;
  if (!ip) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

const PATH_PARTS = ['eGroup', 'eId', 'deviceId'] as const;

/** Every file koa-body stored for this request: Strapi only removes the ones named "files". */
function uploadedParts(ctx: Context): UploadedPart[] {
  const files = (ctx.request as { files?: Record<string, UploadedPart | UploadedPart[]> }).files ?? {};
  return Object.values(files).flatMap((f) => (Array.isArray(f) ? f : [f]));
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = () => getService(strapi, 'usage-records');
  const imports = () => getService(strapi, 'usage-imports');

  return {
    /** Content API: one record (URL form) or, for POST /usage-records, a batch. */
    ingest: action(async (ctx) => {
      // Only the route's own parts: koa-router also hands on the unnamed captures of the
      // routers it passed through ("0": the rest of the path).
      const raw = (ctx.params ?? {}) as Record<string, string | undefined>;
      const params: Record<string, string> = {};
      for (const part of PATH_PARTS) if (raw[part] !== undefined) params[part] = raw[part];
      if (ctx.method === 'POST' && params.eGroup === undefined) {
        ctx.body = await records().ingestBatch(bodyOf(ctx), senderIp(ctx));
        return;
      }
      const missing = PATH_PARTS.filter((part) => params[part] === undefined);
      let result;
      try {
        result = await records().ingestOne({ params, query: ctx.query, body: bodyOf(ctx) }, senderIp(ctx));
      } catch (error) {
        explainPartialPath(error, missing);
      }
      ctx.status = result.duplicate ? 200 : 201;
      ctx.body = { data: result.record, meta: { duplicate: result.duplicate } };
    }),

    /** Admin: the records, filtered and paged. */
    list: action(async (ctx) => {
      ctx.body = await records().list(ctx.query);
    }),

    /** Admin: a spreadsheet upload (multipart, field "file"). */
    import: action(async (ctx) => {
      const parts = uploadedParts(ctx);
      try {
        refusePrototypeParts(ctx);
        const files = (ctx.request as { files?: Record<string, UploadedPart | UploadedPart[]> }).files ?? {};
        const names = Object.keys(files);
        const file = files.file;
        if (!file) {
          throw invalid(
            names.length
              ? `Send the spreadsheet in the form field "file" (received ${names.map((n) => JSON.stringify(n)).join(', ')})`
              : 'Attach the spreadsheet (.xlsx or .csv) as the multipart form field "file"',
            [{ path: ['file'], message: 'file is required' }],
          );
        }
        if (Array.isArray(file) || names.length > 1) {
          throw invalid('Upload one spreadsheet at a time', [
            { path: ['file'], message: 'one file per upload' },
          ]);
        }
        const body = bodyOf(ctx);
        const fields =
          body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
        const data = await imports().importFile(
          {
            path: file.filepath,
            name: file.originalFilename || file.newFilename || 'upload',
            size: file.size,
          },
          fields,
        );
        ctx.status = 201;
        ctx.body = { data };
      } finally {
        await Promise.all(parts.map((part) => rm(part.filepath, { force: true }).catch(() => undefined)));
      }
    }),

    /** Admin: the row outcomes of one upload. */
    importRows: action(async (ctx) => {
      ctx.body = await imports().rows(pathParam(ctx, 'id'), ctx.query);
    }),
  };
};
