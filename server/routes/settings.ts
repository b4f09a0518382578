import { adminRoute } from './admin-route';

export const settingsRoutes = [
  adminRoute('GET', '/modules', 'settings.modules', null),
  // This API's OpenAPI description (docs/openapi.json), for any signed-in admin.
  adminRoute('GET', '/openapi.json', 'settings.openapi', null),
  adminRoute('GET', '/settings', 'settings.get', 'settings.read'),
  adminRoute('PUT', '/settings', 'settings.update', 'settings.write'),
];
