import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createLocalFolderHandler } from '../src/channels/handlers/local-folder';
import { createSftpHandler } from '../src/channels/handlers/sftp';
import type { PluginConfig } from './config';
import { getService } from './plugin';

/**
 * Channel wiring in the plugin's lifecycle.
 *
 * register: the sealing keyring is built (no key = the app does not start), and the
 * built-in handlers are registered — in the same phase other plugins and the app register
 * theirs, so a duplicate id fails start-up whichever came first.
 * bootstrap: the scheduled pulls start (plugin config `cron.enabled`) and follow the
 * utilities module switch. destroy: every timer stops.
 */
export function registerChannels(strapi: Core.Strapi) {
  getService(strapi, 'channel-secrets').keyring();
  const config = strapi.config.get<PluginConfig>('plugin::utilities');
  const { timeouts, localFolder } = config.channels;
  const handlers = getService(strapi, 'handlers');
  handlers.register(
    createSftpHandler({ readyTimeoutMs: timeouts.connectMs, inactivityTimeoutMs: timeouts.inactivityMs }),
  );
  // Relative roots are read from the app's folder, as the rest of a Strapi config is.
  const allowedRoots = localFolder.allowedRoots.map((root) => path.resolve(strapi.dirs.app.root, root));
  handlers.register(createLocalFolderHandler({ allowedRoots }));
}

export async function bootstrapChannels(strapi: Core.Strapi) {
  const jobs = getService(strapi, 'channel-jobs');
  getService(strapi, 'modules').onChange((states) => {
    if (states.utilities) {
      jobs
        .start()
        .catch((error) =>
          strapi.log.error(`[utilities] Starting the channel schedules failed: ${(error as Error).message}`),
        );
    } else {
      jobs.stop();
    }
  });
  await jobs.start();
}

export async function destroyChannels(strapi: Core.Strapi): Promise<void> {
  getService(strapi, 'channel-jobs').stop();
  getService(strapi, 'pull-healing').stop();
  await getService(strapi, 'channel-pulls').stop();
}
