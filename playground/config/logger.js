/**
 * STRAPI_LOG_LEVEL quiets the playground in tests (error); the demo shows info.
 * Everything else is Strapi's default logger (pretty print, errors with stacks).
 */
module.exports = {
  level: process.env.STRAPI_LOG_LEVEL || 'http',
};
