import { action, bodyOf, pathParam } from '../http/respond';

/** The service shape every CRUD resource of the admin API offers. */
export type CrudService = {
  list: (query: Record<string, unknown>) => Promise<{ data: unknown[]; meta: unknown }>;
  get: (id: string) => Promise<unknown>;
  create: (body: unknown) => Promise<unknown>;
  update: (id: string, body: unknown) => Promise<unknown>;
  delete: (id: string) => Promise<unknown>;
};

/** Thin REST actions over a CRUD service: parse nothing, shape `{ data, meta }`. */
export function crudController(service: () => CrudService) {
  return {
    list: action(async (ctx) => {
      ctx.body = await service().list(ctx.query);
    }),
    get: action(async (ctx) => {
      ctx.body = { data: await service().get(pathParam(ctx, 'id')) };
    }),
    create: action(async (ctx) => {
      ctx.status = 201;
      ctx.body = { data: await service().create(bodyOf(ctx)) };
    }),
    update: action(async (ctx) => {
      ctx.body = { data: await service().update(pathParam(ctx, 'id'), bodyOf(ctx)) };
    }),
    delete: action(async (ctx) => {
      ctx.body = { data: await service().delete(pathParam(ctx, 'id')) };
    }),
  };
}
