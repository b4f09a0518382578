/**
 * `npm run openapi`: writes docs/openapi.json from the route tables and the zod
 * schemas the server validates with (server/openapi/build-document.ts).
 *
 * How it runs TypeScript: each .ts file is compiled by @swc/core as Node loads it
 * (a CommonJS `.ts` loader, below) — the compiler Jest already uses here through
 * @swc/jest — so no tsx/ts-node dependency is needed, and regenerating does not
 * wait for the plugin bundler (dist/ exports only the plugin object anyway).
 * Types are stripped, not checked: `npm run typecheck` does that.
 */
import { transformSync } from '@swc/core';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const load = createRequire(import.meta.url);
const { buildDocument, serializeDocument } = load('../server/openapi/build-document.ts');
const doc = buildDocument();
writeFileSync(new URL('../docs/openapi.json', import.meta.url), serializeDocument(doc));
const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`docs/openapi.json: ${operations} operations on ${Object.keys(doc.paths).length} paths`);
