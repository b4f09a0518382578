import { z } from 'zod';
import { version as packageVersion } from '../../package.json';
import routeTables from '../routes';
import { operations as defaultOperations, type JsonSchema, type Operation } from './operations';

/**
 * The OpenAPI 3.1 description of the plugin's HTTP API, built from the route
 * tables (server/routes: method, path, auth, policies — so the RBAC action and
 * the auth scheme of each route are read from what the server enforces) and the
 * operation metadata beside them (operations.ts: summaries, the zod schemas the
 * server parses with, examples). `npm run openapi` writes it to
 * docs/openapi.json; a unit test fails when that file is stale or a route is
 * missing, and the admin API serves it at GET /utilities/openapi.json.
 */
// Strapi types a policy's config as unknown; the two this reads are the plugin's own shapes.
type Policy = string | { name: string; config?: unknown };
const policyConfig = z.object({ actions: z.array(z.string()).optional(), module: z.string().optional() });
const configOf = (policy: { config?: unknown }) => policyConfig.safeParse(policy.config).data;
export type RouteLike = {
  method: string;
  path: string;
  /** Strapi's controller.action name; the route tables give every plugin route a string. */
  handler: unknown;
  config?: { auth?: false | { scope?: string[]; strategies?: string[] }; policies?: Policy[] };
};
export type RouteTable = { type: string; routes: readonly RouteLike[] };

/** Where Strapi mounts a plugin's routes: admin under /<plugin>, the content API under /api/<plugin>. */
export const mountPath = (type: string, path: string) =>
  `${type === 'admin' ? '' : '/api'}/utilities${path === '/' ? '' : path}`;

/** `/billing-points/:id/meters/:installationId` → `/billing-points/{id}/meters/{installationId}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const ERROR_STATUS: Record<number, { name: string; description: string; message: string }> = {
  400: {
    name: 'ValidationError',
    description: 'Invalid input; `details.errors[].path` names each field',
    message: 'Code is required',
  },
  401: {
    name: 'UnauthorizedError',
    description: 'Missing or invalid credentials',
    message: 'Missing or invalid credentials',
  },
  403: {
    name: 'PolicyError',
    description:
      'Not allowed: the RBAC action (PolicyError / ForbiddenError) is missing, or the module is off (ModuleDisabledError)',
    message: 'Policy Failed',
  },
  404: {
    name: 'NotFoundError',
    description: 'No record with this id',
    message: 'Billing point "x" was not found',
  },
  409: {
    name: 'ConflictError',
    description: 'Conflicts with stored data (duplicate, overlap, locked period…)',
    message: 'Meter number already used',
  },
  413: {
    name: 'PayloadTooLargeError',
    description: 'The body is above a limit; the message says which',
    message: 'A batch holds at most 1000 records',
  },
  502: {
    name: 'ChannelError',
    description: 'The remote side of a channel failed',
    message: 'Connection refused',
  },
};

const SECURITY = {
  adminJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Strapi admin session token (POST /admin/login). Each route also needs the RBAC action in `x-strapi-action`.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Strapi API token (Settings → API Tokens) holding Utilities → usage-records → ingest (`plugin::utilities.usage-records.ingest`), or full access. Users-permissions JWTs are not accepted here.',
  },
  usersPermissionsJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A resident's users-permissions JWT (POST /api/auth/local); the Authenticated role holds the `/me` actions by default. API tokens are not accepted here.",
  },
} as const;

function securityOf(table: RouteTable, route: RouteLike): keyof typeof SECURITY {
  if (table.type === 'admin') return 'adminJwt';
  const strategies = route.config?.auth ? (route.config.auth.strategies ?? []) : [];
  if (strategies.includes('users-permissions')) return 'usersPermissionsJwt';
  if (strategies.some((s) => s.includes('api-token'))) return 'apiToken';
  throw new Error(`${route.method} ${route.path}: no auth strategy the description knows`);
}

/** The RBAC action an admin route needs (admin::hasPermissions) or the content-API action (auth scope). */
function actionOf(table: RouteTable, route: RouteLike): string | null {
  for (const policy of route.config?.policies ?? []) {
    if (typeof policy === 'object' && policy.name === 'admin::hasPermissions')
      return configOf(policy)?.actions?.[0] ?? null;
  }
  // Only content-API routes state their action as the auth scope. (Strapi also writes a scope
  // into admin routes' config when it registers them, in place: not a permission to document.)
  if (table.type === 'admin') return null;
  return route.config?.auth ? (route.config.auth.scope?.[0] ?? null) : null;
}

function moduleOf(route: RouteLike): string | null {
  for (const policy of route.config?.policies ?? []) {
    if (typeof policy === 'object' && policy.name === 'plugin::utilities.module-enabled')
      return configOf(policy)?.module ?? null;
  }
  return null;
}

/** JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) of what a client sends. */
function inputSchema(schema: z.ZodType | JsonSchema): JsonSchema {
  if (!(schema instanceof z.ZodType)) return schema;
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json;
}

function queryParameters(op: Operation) {
  const params: JsonSchema[] = [];
  if (op.query) {
    const json = inputSchema(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      params.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema });
    }
  }
  for (const [name, description] of Object.entries(op.filters ?? {})) {
    if (params.some((p) => p.name === name)) continue;
    params.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });
  }
  return params;
}

function pathParameters(path: string, op: Operation) {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: op.params?.[name] ?? 'documentId of the record',
    schema: { type: 'string' },
  }));
}

function successResponses(op: Operation): Record<string, JsonSchema> {
  const r = op.response ?? {};
  const status = r.status ?? 200;
  const content = r.contentType
    ? { [r.contentType]: { schema: r.schema ?? { type: 'string' } } }
    : {
        'application/json': {
          schema: {
            $ref: r.list ? '#/components/schemas/ListResponse' : '#/components/schemas/DataResponse',
          },
          ...(r.example === undefined ? {} : { example: r.example }),
        },
      };
  const out: Record<string, JsonSchema> = {
    [status]: { description: r.description ?? (status === 201 ? 'Created' : 'OK'), content },
  };
  for (const [code, extra] of Object.entries(r.also ?? {})) {
    out[code] = {
      description: extra.description,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/DataResponse' },
          ...(extra.example === undefined ? {} : { example: extra.example }),
        },
      },
    };
  }
  return out;
}

function errorStatuses(path: string, op: Operation): number[] {
  const statuses = new Set([401, 403, ...(op.errors ?? [])]);
  if (op.body || op.multipart || op.query || op.filters || path.includes(':')) statuses.add(400);
  if (path.includes(':')) statuses.add(404);
  return [...statuses].sort((a, b) => a - b);
}

function requestBody(op: Operation) {
  if (op.multipart) {
    return { required: true, content: { 'multipart/form-data': { schema: op.multipart } } };
  }
  if (!op.body) return undefined;
  return {
    required: true,
    content: {
      'application/json': {
        schema: inputSchema(op.body),
        ...(op.bodyExample === undefined ? {} : { example: op.bodyExample }),
      },
    },
  };
}

function operationId(route: RouteLike, used: Set<string>) {
  const handler = String(route.handler);
  let id = handler;
  if (used.has(id))
    id = `${handler}.${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+/g, '_')}`;
  used.add(id);
  return id;
}

export function buildDocument(
  options: {
    version?: string;
    tables?: RouteTable[];
    operations?: Record<string, Operation>;
  } = {},
) {
  const tables = options.tables ?? Object.values(routeTables);
  const ops = options.operations ?? defaultOperations;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const seen = new Set<string>();
  const ids = new Set<string>();

  for (const table of tables) {
    for (const route of table.routes) {
      const key = `${route.method} ${mountPath(table.type, route.path)}`;
      const op = ops[key];
      if (!op) throw new Error(`No OpenAPI operation for ${key}: add it to server/openapi/operations.ts`);
      if (seen.has(key)) throw new Error(`${key} is registered twice`);
      seen.add(key);

      const action = actionOf(table, route);
      const module = moduleOf(route);
      const scheme = securityOf(table, route);
      const path = openApiPath(mountPath(table.type, route.path));
      const body = requestBody(op);
      const responses = successResponses(op);
      for (const status of errorStatuses(route.path, op)) {
        responses[status] = { $ref: `#/components/responses/${ERROR_STATUS[status].name}` };
      }
      const authNote =
        table.type === 'admin'
          ? action
            ? `Needs the admin RBAC action \`${action}\`.`
            : 'Any signed-in admin.'
          : `Needs \`${action}\` (${scheme === 'apiToken' ? 'API token permission' : 'users-permissions role action'}).`;
      const moduleNote = module ? ` Answers 403 ModuleDisabledError while the ${module} module is off.` : '';

      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = {
        operationId: operationId(route, ids),
        summary: op.summary,
        description: [op.description, `${authNote}${moduleNote}`].filter(Boolean).join('\n\n'),
        tags: [op.tag],
        security: [{ [scheme]: [] }],
        ...(action ? { 'x-strapi-action': action } : {}),
        ...(module ? { 'x-strapi-module': module } : {}),
        parameters: [...pathParameters(route.path, op), ...queryParameters(op)],
        ...(body ? { requestBody: body } : {}),
        responses,
      };
    }
  }
  const stale = Object.keys(ops).filter((key) => !seen.has(key));
  if (stale.length) throw new Error(`OpenAPI operations without a route: ${stale.join(', ')}`);

  return {
    openapi: '3.1.0',
    info: {
      title: 'strapi-plugin-utilities HTTP API',
      version: options.version ?? packageVersion,
      summary: 'Utility metering and usage charging for Strapi 5',
      description:
        "Admin API under /utilities (admin JWT; every route guarded by the RBAC action in `x-strapi-action`) and content API under /api/utilities: devices post usage records with an API token, residents read their utilities with their users-permissions JWT. Errors are Strapi's `{ data: null, error: { status, name, message, details } }`. Generated by `npm run openapi` from the route tables and the zod schemas the server validates with.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:1337', description: 'A Strapi app with the plugin' }],
    tags: [...new Set(Object.values(ops).map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: SECURITY,
      schemas: {
        Error: {
          type: 'object',
          required: ['data', 'error'],
          properties: {
            data: { type: 'null' },
            error: {
              type: 'object',
              required: ['status', 'name', 'message'],
              properties: {
                status: { type: 'integer' },
                name: { type: 'string' },
                message: { type: 'string' },
                details: {
                  type: 'object',
                  properties: {
                    errors: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          path: { type: 'array', items: { type: 'string' } },
                          message: { type: 'string' },
                          name: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        DataResponse: {
          type: 'object',
          properties: { data: {}, meta: { type: 'object' } },
        },
        ListResponse: {
          type: 'object',
          required: ['data', 'meta'],
          properties: {
            data: { type: 'array', items: { type: 'object' } },
            meta: {
              type: 'object',
              properties: {
                pagination: {
                  type: 'object',
                  properties: {
                    page: { type: 'integer' },
                    pageSize: { type: 'integer' },
                    pageCount: { type: 'integer' },
                    total: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_STATUS).map(([status, e]) => [
          e.name,
          {
            description: e.description,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Error' },
                example: {
                  data: null,
                  error: {
                    status: Number(status),
                    name: e.name,
                    message: e.message,
                    details:
                      status === '400'
                        ? { errors: [{ path: ['code'], message: e.message, name: 'ValidationError' }] }
                        : {},
                  },
                },
              },
            },
          },
        ]),
      ),
    },
  };
}

/** The document as docs/openapi.json holds it (stable key order, trailing newline). */
export const serializeDocument = (doc: ReturnType<typeof buildDocument>) =>
  `${JSON.stringify(doc, null, 2)}\n`;
