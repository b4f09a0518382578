import type { Readable } from 'node:stream';
import type { Context } from 'koa';
import { action, bodyOf, pathParam } from '../http/respond';

/** The `:id` of the route. */
export const idParam = (ctx: Context): string => pathParam(ctx, 'id');

/**
 * What a run service (charge runs, settlement runs) offers: draft → finalize → void.
 * Method signatures, so each service keeps its own type of the admin user it records.
 */
export type RunService = {
  list(query: Record<string, unknown>): Promise<unknown>;
  get(id: string): Promise<unknown>;
  run(body: unknown, user?: unknown): Promise<{ meta: { replaced: boolean } }>;
  finalize(id: string): Promise<unknown>;
  void(id: string): Promise<unknown>;
};

/** Thin actions over a run service: 201 for a new draft, 200 when it replaced one. */
export function runController(service: () => RunService) {
  return {
    list: action(async (ctx) => {
      ctx.body = await service().list(ctx.query);
    }),
    get: action(async (ctx) => {
      ctx.body = { data: await service().get(idParam(ctx)) };
    }),
    run: action(async (ctx) => {
      const result = await service().run(bodyOf(ctx), ctx.state?.user);
      ctx.status = result.meta.replaced ? 200 : 201;
      ctx.body = result;
    }),
    finalize: action(async (ctx) => {
      ctx.body = { data: await service().finalize(idParam(ctx)) };
    }),
    void: action(async (ctx) => {
      ctx.body = { data: await service().void(idParam(ctx)) };
    }),
  };
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;

type RunOfFile = { periodStart: string; periodEnd: string; documentId: string };

/** A run's export as a download named `<name>-<start>-<end>-<run>.<format>`. */
export function runDownload(
  name: string,
  format: keyof typeof CONTENT_TYPES,
  load: (id: string) => Promise<{ run: RunOfFile; body: string | Buffer | Readable }>,
) {
  return action(async (ctx) => {
    const { run, body } = await load(idParam(ctx));
    ctx.set('Content-Type', CONTENT_TYPES[format]);
    ctx.set(
      'Content-Disposition',
      `attachment; filename="${name}-${run.periodStart}-${run.periodEnd}-${run.documentId}.${format}"`,
    );
    ctx.body = body;
  });
}
