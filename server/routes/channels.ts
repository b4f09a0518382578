import { adminRoute } from './admin-route';
import { crudRoutes } from './crud-routes';

/** Handlers, channels (CRUD, test, remote files, pull) and the file-level ingestion log. */
export const channelRoutes = [
  adminRoute('GET', '/handlers', 'handlers.list', 'channels.read'),
  ...crudRoutes('channels', 'channels', 'channels.read', {
    create: 'channels.write',
    update: 'channels.write',
    delete: 'channels.delete',
  }),
  adminRoute('POST', '/channels/:id/test', 'channels.test', 'channels.write'),
  adminRoute('GET', '/channels/:id/remote-files', 'channels.remoteFiles', 'channels.read'),
  adminRoute('POST', '/channels/:id/pull', 'channels.pull', 'channels.write'),
  adminRoute('GET', '/channels/:id/pull-status', 'channels.pullStatus', 'channels.read'),
  adminRoute('GET', '/ingestion-logs', 'ingestion-logs.list', 'ingestion-log.read'),
  adminRoute('GET', '/ingestion-logs/:id', 'ingestion-logs.get', 'ingestion-log.read'),
];
