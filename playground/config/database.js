const path = require('path');

/**
 * DATABASE_CLIENT: sqlite (default) | postgres | mysql. DATABASE_URL for the
 * servers, DATABASE_FILENAME for SQLite (relative to the playground).
 */
module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  const pool = { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) };
  if (client === 'sqlite') {
    return {
      connection: {
        client: 'sqlite',
        connection: { filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
        useNullAsDefault: true,
      },
    };
  }
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: { connectionString: env('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test') },
        pool,
      },
    };
  }
  if (client === 'mysql') {
    const url = new URL(env('DATABASE_URL', 'mysql://root@127.0.0.1:3306/test'));
    return {
      connection: {
        client: 'mysql',
        connection: {
          host: url.hostname,
          port: Number(url.port || 3306),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
          database: url.pathname.slice(1),
          // 64-bit counters must come back exact (DESIGN §6).
          supportBigNumbers: true,
          bigNumberStrings: true,
        },
        pool,
      },
    };
  }
  throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql (got "${client}")`);
};
