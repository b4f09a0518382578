import { adminRoute } from './admin-route';

export const settingsRoutes = [
  adminRoute('GET', '/modules', 'settings.modules', null),
  adminRoute('GET', '/settings', 'settings.get', 'settings.read'),
  adminRoute('PUT', '/settings', 'settings.update', 'settings.write'),
];
