// The upload's reader thread from its TypeScript source (the build bundles it as
// dist/usage-spreadsheet-worker/index.js), compiled as jest compiles the tests.
require('../../../../../scripts/ts-register.cjs');
require('../../../../../server/workers/usage-spreadsheet.ts');
