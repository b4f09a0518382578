import { adminRoute } from './admin-route';
import { crudRoutes } from './crud-routes';

/** Utility types, the activation matrix, device types and devices. */
export const catalogRoutes = [
  ...crudRoutes('utility-types', 'utility-types', 'types.read', {
    create: 'types.create',
    update: 'types.update',
    delete: 'types.delete',
  }),
  adminRoute('GET', '/activation', 'activation.matrix', 'activation.read'),
  adminRoute('PUT', '/activation/:utilityTypeId', 'activation.update', 'activation.write'),
  ...crudRoutes('device-types', 'device-types', 'devices.read', 'devices.write'),
  ...crudRoutes('devices', 'devices', 'devices.read', 'devices.write'),
];
