const path = require('path');

/**
 * Demo channel: a local-folder drop with two months of daily reads for the demo
 * meters, a second file with a few bad rows and an unknown meter, and a resent copy
 * of the first — pulled at every demo start, so the ingestion log shows Completed,
 * Partial and Skipped entries. Files are left in place; a pull only picks up files
 * it has not seen, so restarting changes nothing.
 */
const DROP = path.resolve(__dirname, '..', '..', 'demo-data', 'channel-drop');

async function seedChannels(strapi) {
  const channels = strapi.plugin('utilities').service('channels');
  const channel =
    (await strapi.documents('plugin::utilities.channel').findFirst({ filters: { code: 'DEMO_DROP' } })) ??
    (await channels.create({
      code: 'DEMO_DROP',
      name: 'Demo drop folder',
      handler: 'local-folder',
      active: true,
      production: false,
      config: {
        root: DROP,
        filePattern: '*.csv',
        afterProcessing: 'leave',
        format: 'csv',
        timeZone: 'Europe/Zurich',
      },
    }));
  const result = await strapi
    .plugin('utilities')
    .service('channel-pulls')
    .pull(channel.documentId, { trigger: 'manual' });
  strapi.log.info(`[demo] pulled DEMO_DROP: ${result.files.length} file(s), ${result.newFiles} new`);
}

module.exports = { seedChannels };
