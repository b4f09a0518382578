const { ensureSuperAdmin, seedDemo } = require('./demo/seed');

module.exports = {
  /**
   * Strapi silently skips a local plugin whose build output is missing. The
   * playground exists to run the plugin, so it refuses to start without it.
   */
  register({ strapi }) {
    if (!strapi.plugin('utilities')) {
      throw new Error(
        'strapi-plugin-utilities is not loaded: its build output (dist/) is missing or broken. ' +
          'Run `npm run build` at the repository root (npm run demo and npm test do it for you).',
      );
    }
  },

  /**
   * UTILITIES_DEMO_SEED=true seeds the demo (idempotent: a restart changes nothing);
   * `admin` only makes sure DEMO_ADMIN_EMAIL exists, for a database the demo was seeded
   * into before (the browser suites boot on copies of one).
   */
  async bootstrap({ strapi }) {
    if (process.env.UTILITIES_DEMO_SEED === 'true') await seedDemo(strapi);
    if (process.env.UTILITIES_DEMO_SEED === 'admin') await ensureSuperAdmin(strapi);
  },
};
