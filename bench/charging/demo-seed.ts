/**
 * How long the demo takes to seed on a fresh database (what `npm run demo` waits for before
 * the admin opens): boots the playground without the seed, then times seedDemo once, and a
 * second, idempotent pass. `node -r ./scripts/ts-register.cjs bench/charging/demo-seed.ts`
 * (DATABASE_CLIENT=postgres for PostgreSQL; DEMO_DIR=<folder of another seed.js> times another
 * version of the demo, e.g. one extracted with git archive). Needs dist/ (node scripts/prepare.mjs plugin).
 */
import path from 'node:path';
import { startStrapi, PLAYGROUND } from '../../tests/helpers/strapi';

async function main() {
  const app = await startStrapi();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seedDemo } = require(
    path.join(process.env.DEMO_DIR ?? path.join(PLAYGROUND, 'src', 'demo'), 'seed.js'),
  ) as {
    seedDemo: (strapi: unknown) => Promise<void>;
  };
  try {
    for (const pass of ['first (fresh database)', 'second (idempotent)']) {
      const started = process.hrtime.bigint();
      await seedDemo(app.strapi);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`${process.env.DATABASE_CLIENT ?? 'sqlite'} seed ${pass}: ${(ms / 1000).toFixed(2)} s`);
    }
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
