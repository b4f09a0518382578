import { adminRoute } from './admin-route';

/** The VEE step: rule settings, on-demand runs and the correction queue of flagged readings. */
export const validationRoutes = [
  adminRoute('GET', '/validation/settings', 'validation.settings', 'validation.read'),
  adminRoute('PUT', '/validation/settings', 'validation.updateSettings', 'validation.write'),
  adminRoute('POST', '/validation/runs', 'validation.run', 'validation.write'),
  adminRoute('GET', '/validation/queue', 'validation.queue', 'validation.read'),
  adminRoute('GET', '/validation/readings/:id', 'validation.reading', 'validation.read'),
  adminRoute('POST', '/validation/corrections', 'validation.correct', 'validation.write'),
  adminRoute('POST', '/validation/readings/:id/fill', 'validation.fill', 'validation.write'),
  adminRoute('POST', '/validation/readings/:id/undo', 'validation.undo', 'validation.write'),
];
