import type { ActionKey } from '../../src/permissions';
import type { CrudControllerName } from '../controllers';
import { adminRoute } from './admin-route';

/** The five REST routes of a resource, guarded by its read and write actions. */
export function crudRoutes(
  path: string,
  controller: CrudControllerName,
  read: ActionKey,
  write: ActionKey | { create: ActionKey; update: ActionKey; delete: ActionKey },
) {
  const w = typeof write === 'string' ? { create: write, update: write, delete: write } : write;
  return [
    adminRoute('GET', `/${path}`, `${controller}.list`, read),
    adminRoute('POST', `/${path}`, `${controller}.create`, w.create),
    adminRoute('GET', `/${path}/:id`, `${controller}.get`, read),
    adminRoute('PUT', `/${path}/:id`, `${controller}.update`, w.update),
    adminRoute('DELETE', `/${path}/:id`, `${controller}.delete`, w.delete),
  ];
}
