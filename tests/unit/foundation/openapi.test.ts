import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import routeTables from '../../../server/routes';
import {
  buildDocument,
  mountPath,
  openApiPath,
  serializeDocument,
} from '../../../server/openapi/build-document';
import { operations } from '../../../server/openapi/operations';

/**
 * docs/openapi.json is generated (`npm run openapi`) from the route tables and
 * the zod schemas the server validates with. These tests keep it honest: it must
 * be what the generator produces today, name every registered route with its
 * auth scheme and RBAC action, and be a valid OpenAPI 3.1 document.
 */
const root = path.resolve(__dirname, '../../..');
const committed = JSON.parse(readFileSync(path.join(root, 'docs/openapi.json'), 'utf8'));
const fresh = buildDocument();

type Operation = { security: Record<string, unknown>[]; 'x-strapi-action'?: string };
const operationAt = (doc: typeof fresh, p: string, method: string) =>
  (doc.paths[p] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

/** Validates with @seriousme/openapi-schema-validator (ESM only, hence a child Node). */
function validate(doc: unknown): { valid: boolean; version: string; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    console.log(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

test('docs/openapi.json is up to date (run `npm run openapi` after changing routes or schemas)', () => {
  expect(committed).toEqual(JSON.parse(serializeDocument(fresh)));
});

describe('every registered route is described', () => {
  const routes = Object.values(routeTables).flatMap((table) =>
    table.routes.map((route) => ({ type: table.type, ...route })),
  );

  test('the plugin registers 100+ routes, admin and content API', () => {
    expect(routes.length).toBeGreaterThanOrEqual(100);
    expect(new Set(routes.map((r) => r.type))).toEqual(new Set(['admin', 'content-api']));
  });

  test.each(routes.map((r) => [`${r.method} ${mountPath(r.type, r.path)}`, r] as const))(
    '%s',
    (_key, route) => {
      const op = operationAt(committed, openApiPath(mountPath(route.type, route.path)), route.method);
      expect(op).toBeDefined();
      const policies = (route.config?.policies ?? []) as Array<
        string | { name: string; config?: { actions?: string[] } }
      >;
      if (route.type === 'admin') {
        expect(op!.security).toEqual([{ adminJwt: [] }]);
        const guard = policies.find((p) => typeof p === 'object' && p.name === 'admin::hasPermissions');
        const action = typeof guard === 'object' ? guard.config?.actions?.[0] : undefined;
        expect(op!['x-strapi-action']).toBe(action);
      } else {
        const auth = (route.config as { auth: { scope: string[]; strategies: string[] } }).auth;
        const scheme = auth.strategies.includes('users-permissions') ? 'usersPermissionsJwt' : 'apiToken';
        expect(op!.security).toEqual([{ [scheme]: [] }]);
        expect(op!['x-strapi-action']).toBe(auth.scope[0]);
      }
    },
  );

  test('a route without a description fails the build, naming it', () => {
    const extra = { type: 'admin', routes: [{ method: 'GET', path: '/not-described', handler: 'x.y' }] };
    expect(() => buildDocument({ tables: [...Object.values(routeTables), extra] })).toThrow(
      'No OpenAPI operation for GET /utilities/not-described',
    );
  });
});

describe('OpenAPI 3.1 validity', () => {
  test('the document validates against the OpenAPI 3.1 schema', () => {
    const result = validate(committed);
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  test('the validator does refuse a broken document', () => {
    const broken = { ...committed, paths: { '/x': { get: { responses: { 200: { content: {} } } } } } };
    expect(validate(broken).valid).toBe(false);
  });
});

describe('content', () => {
  test('request bodies are the JSON Schema of the zod schema the server parses with', () => {
    const op = operationAt(committed, '/utilities/utility-types', 'POST') as unknown as {
      requestBody: {
        content: { 'application/json': { schema: { required: string[]; additionalProperties: boolean } } };
      };
    };
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['code', 'name']);
    expect(schema.additionalProperties).toBe(false);
  });

  test.each(Object.entries(operations).filter(([, op]) => op.body instanceof z.ZodType && op.bodyExample))(
    'the body example of %s is accepted by its schema',
    (_key, op) => {
      expect((op.body as z.ZodType).safeParse(op.bodyExample).error).toBeUndefined();
    },
  );

  test('errors are described in Strapi shape', () => {
    expect(committed.components.responses.ValidationError.content['application/json'].example).toEqual({
      data: null,
      error: {
        status: 400,
        name: 'ValidationError',
        message: 'Code is required',
        details: { errors: [{ path: ['code'], message: 'Code is required', name: 'ValidationError' }] },
      },
    });
  });
});
