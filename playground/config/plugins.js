const path = require('path');

/**
 * Loads the plugin from the repository root the way a user's app loads a local
 * plugin. Strapi reads `exports["./strapi-server"]` of its package.json, i.e. the
 * built dist/ — `npm run build` (run by demo and test) produces it.
 */
module.exports = ({ env }) => ({
  utilities: {
    enabled: true,
    resolve: path.resolve(__dirname, '..', '..'),
    config: {
      cron: { enabled: env.bool('UTILITIES_CRON_ENABLED', true) },
      defaultTimezone: env('UTILITIES_DEFAULT_TIMEZONE', 'Europe/Zurich'),
    },
  },
});
