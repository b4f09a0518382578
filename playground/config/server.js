module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  logger: { updates: { enabled: false } },
  app: { keys: env.array('APP_KEYS', ['playground-key-1', 'playground-key-2']) },
});
