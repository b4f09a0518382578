// Lets node run the repository's TypeScript helpers (scripts/*.ts) with the
// same SWC transform jest uses: node -r ./scripts/ts-register.cjs scripts/x.ts
const swc = require('@swc/core');
const fs = require('node:fs');
require.extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
