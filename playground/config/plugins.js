const path = require('path');

/**
 * Loads the plugin from the repository root the way a user's app loads a local
 * plugin. Strapi reads `exports["./strapi-server"]` of its package.json, i.e. the
 * built dist/ — `npm run build` (run by demo and test) produces it.
 */
module.exports = ({ env }) => ({
  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret') },
  },
  utilities: {
    enabled: true,
    resolve: path.resolve(__dirname, '..', '..'),
    config: {
      // e.g. UTILITIES_DISABLED_MODULES=billing,usage starts with those modules off.
      modules: Object.fromEntries(env.array('UTILITIES_DISABLED_MODULES', []).map((m) => [m, false])),
      cron: { enabled: env.bool('UTILITIES_CRON_ENABLED', true) },
      defaultTimezone: env('UTILITIES_DEFAULT_TIMEZONE', 'Europe/Zurich'),
      // How long a device's verified API token is trusted before it is looked up again.
      usage: { apiTokenCacheMs: env.int('UTILITIES_API_TOKEN_CACHE_MS', 5000) },
      // How long a background charge run's lease lasts without a heartbeat (a stopped server's run fails after it).
      charging: { runLeaseTtlMs: env.int('UTILITIES_CHARGE_RUN_LEASE_MS', 60000) },
      // The garbage a long job (ingestion, upload, charge run) may leave on the heap before it is collected; 0 leaves it to V8.
      jobs: { heapBudgetMb: env.int('UTILITIES_JOB_HEAP_BUDGET_MB', 128) },
      // Folders local-folder channels may read (an operator decision, never an editor's):
      // the demo drop folder by default; UTILITIES_LOCAL_FOLDER_ROOTS=/a,/b replaces it.
      channels: {
        pullAnswerWithinMs: env.int('UTILITIES_PULL_ANSWER_WITHIN_MS', 10000),
        // A pull the database dropped (restart, killed connection) retries itself after this wait, doubling.
        outageRetry: { firstDelayMs: env.int('UTILITIES_OUTAGE_RETRY_FIRST_MS', 2000) },
        localFolder: {
          allowedRoots: env.array('UTILITIES_LOCAL_FOLDER_ROOTS', [
            path.resolve(__dirname, '..', 'demo-data', 'channel-drop'),
          ]),
        },
      },
    },
  },
});
