import { adminRoute } from './admin-route';
import { crudRoutes } from './crud-routes';

/** Solar self-consumption communities (module "billing"): read with communities.read, written with communities.write. */
export const communityRoutes = [
  ...crudRoutes('communities', 'communities', 'communities.read', 'communities.write'),
  adminRoute('GET', '/communities/:id/figures', 'communities.figures', 'communities.read'),
];
