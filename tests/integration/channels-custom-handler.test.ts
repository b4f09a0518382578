import { Readable } from 'node:stream';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { PLAYGROUND } from '../helpers/strapi';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { captureOutput, type Capture } from '../helpers/channels';
import { ChannelError, type ChannelHandler } from '../../src/channels';

/**
 * A developer's own handler, registered the documented way — in the register phase,
 * through the plugin's `handlers` service — and used end to end: it shows up in
 * GET /handlers with its schema, channels validate against it, its secret is sealed and
 * scrubbed from whatever the handler answers or logs, and pulls record its files. A
 * second handler with a taken id is refused while the app is starting.
 *
 * @sqlite-only the database server plays no part: the handler registry, its schema checks and
 * secret scrubbing.
 */
const TOKEN = 'vendor-api-token-Xy7-0123456789';
const files = [
  { name: 'day-1.json', path: 'exports/day-1.json', size: 11, modifiedAt: new Date('2024-05-01T00:00:00Z') },
  { name: 'day-2.json', path: 'exports/day-2.json', size: 12, modifiedAt: new Date('2024-05-02T00:00:00Z') },
];
const calls: string[] = [];

/** The worked example: an HTTP-ish vendor API, here in memory. */
const vendorApi: ChannelHandler = {
  id: 'vendor-api',
  name: 'Vendor API',
  description: 'Fetches daily exports from the vendor API.',
  capabilities: { pull: true, remoteFiles: true },
  configSchema: [
    {
      key: 'endpoint',
      label: 'Endpoint',
      type: 'string',
      required: true,
      check: (v) => (String(v).startsWith('https://') ? null : 'must start with https://'),
    },
    { key: 'token', label: 'API token', type: 'secret', required: true },
    {
      key: 'region',
      label: 'Region',
      type: 'select',
      default: 'eu',
      options: [
        { value: 'eu', label: 'Europe' },
        { value: 'us', label: 'United States' },
      ],
    },
    {
      key: 'bucket',
      label: 'US bucket',
      type: 'string',
      required: true,
      visibleWhen: { field: 'region', equals: ['us'] },
    },
  ],
  async testConnection(config, ctx) {
    calls.push('test');
    // A careless handler: it logs and answers its own token. The plugin must scrub both.
    ctx.logger?.info(`calling ${String(config.endpoint)} with token ${String(config.token)}`);
    if (config.token !== TOKEN)
      throw new ChannelError('authentication', `The vendor refused the token ${String(config.token)}`);
    return {
      message: `Connected with ${String(config.token)}`,
      details: { echo: { token: config.token }, list: [String(config.token)] },
    };
  },
  async listRemoteFiles(config) {
    calls.push('list');
    if (config.token !== TOKEN) throw new ChannelError('authentication', 'The vendor refused the token');
    return files;
  },
  async openRemoteFile(_config, path) {
    return Readable.from([`{"file":"${path}"}`]);
  },
};

let strapi: Core.Strapi;
let db: TestDatabase;
let http: () => ReturnType<typeof request>;
let admin: Agent;
let capture: Capture;
let duplicateError: unknown;

beforeAll(async () => {
  db = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    UTILITIES_CRON_ENABLED: 'false',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    ...db.env,
  });
  const { createStrapi } = await import('@strapi/strapi');
  strapi = createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND });
  await strapi.register();
  // What a developer's plugin or app does in its own register():
  strapi.plugin('utilities').service('handlers').register(vendorApi);
  try {
    strapi
      .plugin('utilities')
      .service('handlers')
      .register({ ...vendorApi, name: 'Another vendor API' });
  } catch (error) {
    duplicateError = error;
  }
  await strapi.bootstrap();
  strapi.server.mount();
  const server = strapi.server.httpServer;
  http = () => request(server);
  capture = captureOutput(strapi);
  admin = await superAdmin(strapi, http);
  strapi.plugin('utilities').service('channel-pulls').setFileProcessor(null);
});
afterAll(async () => {
  capture?.stop();
  await strapi?.destroy();
  await db?.drop();
});

test('a second handler with the same id is refused during start-up, with a clear message', () => {
  expect(duplicateError).toBeInstanceOf(Error);
  expect((duplicateError as Error).message).toBe(
    'A channel handler with id "vendor-api" is already registered',
  );
});

test('a handler definition with a schema mistake is refused when registered', () => {
  const handlers = strapi.plugin('utilities').service('handlers');
  expect(() =>
    handlers.register({
      ...vendorApi,
      id: 'broken',
      configSchema: [{ key: 'a', label: 'A', type: 'select', options: [] }],
    }),
  ).toThrow('Channel handler "broken": field "a": a select needs options');
  expect(() => handlers.register({ ...vendorApi, id: 'Bad Id' })).toThrow(
    /id must start with a lowercase letter/,
  );
});

test('the SDK is reachable through the service, for handlers in other packages', () => {
  const { ChannelError: PluginChannelError } = strapi.plugin('utilities').service('handlers');
  const error = new PluginChannelError('timeout', 'slow');
  expect(error).toMatchObject({ name: 'ChannelError', code: 'timeout', retryable: true });
  // This suite's handler throws the ChannelError of its own copy of the SDK (another
  // realm, as a separate plugin would): the plugin still reads its code (see the end-to-end test).
  expect(error).not.toBeInstanceOf(ChannelError);
});

test('it is listed with its schema, JSON only', async () => {
  const res = await admin.get('/utilities/handlers');
  const mine = res.body.data.find((h: { id: string }) => h.id === 'vendor-api');
  expect(mine).toMatchObject({ name: 'Vendor API', capabilities: { pull: true, remoteFiles: true } });
  expect(mine.configSchema.map((f: { key: string }) => f.key)).toEqual([
    'endpoint',
    'token',
    'region',
    'bucket',
  ]);
  expect(mine.configSchema[0]).not.toHaveProperty('check');
});

test('channels validate against its schema: its own check, conditional fields, unknown keys', async () => {
  const bad = await admin.post('/utilities/channels', {
    code: 'VENDOR',
    name: 'Vendor',
    handler: 'vendor-api',
    config: { endpoint: 'http://x', token: TOKEN, region: 'us', colour: 1 },
  });
  expect(bad.status).toBe(400);
  expect(
    bad.body.error.details.errors.map((e: { path: string[]; message: string }) => [
      e.path.join('.'),
      e.message,
    ]),
  ).toEqual(
    expect.arrayContaining([
      ['config.colour', 'Unknown field "colour"'],
      ['config.endpoint', 'Endpoint must start with https://'],
      ['config.bucket', 'US bucket is required'],
    ]),
  );
  expect(JSON.stringify(bad.body)).not.toContain(TOKEN);
});

test('it runs end to end, and its token never leaves: not in answers, logs or the database', async () => {
  const created = await admin.post('/utilities/channels', {
    code: 'VENDOR',
    name: 'Vendor',
    handler: 'vendor-api',
    config: { endpoint: 'https://vendor.example', token: TOKEN },
  });
  expect(created.status).toBe(201);
  expect(created.body.data.config).toEqual({
    endpoint: 'https://vendor.example',
    token: '••••••••',
    region: 'eu',
  });
  const id = created.body.data.documentId;

  const test = await admin.post(`/utilities/channels/${id}/test`);
  expect(test.body.data).toMatchObject({
    ok: true,
    message: 'Connected with [redacted]',
    details: { echo: { token: '[redacted]' }, list: ['[redacted]'] },
  });
  const remote = await admin.get(`/utilities/channels/${id}/remote-files`);
  expect(remote.body.data.files.map((f: { name: string; status: string }) => [f.name, f.status])).toEqual([
    ['day-1.json', 'new'],
    ['day-2.json', 'new'],
  ]);
  const pull = await admin.post(`/utilities/channels/${id}/pull`);
  expect(pull.body.data.newFiles).toBe(2);
  const logs = await admin.get(`/utilities/ingestion-logs?channel=${id}`);
  expect(logs.body.data.map((l: { source: string; status: string }) => `${l.source}:${l.status}`)).toEqual([
    'vendor-api:Pending',
    'vendor-api:Pending',
  ]);

  // A wrong token: the refusal names no token either.
  await admin.put(`/utilities/channels/${id}`, {
    config: { endpoint: 'https://vendor.example', token: `${TOKEN}-old` },
  });
  const refused = await admin.post(`/utilities/channels/${id}/test`);
  expect(refused.body.data).toEqual({
    ok: false,
    code: 'authentication',
    retryable: false,
    message: 'The vendor refused the token [redacted]',
  });

  expect(capture.text()).toContain('Channel VENDOR: calling https://vendor.example with token [redacted]');
  const everything = [
    JSON.stringify([created.body, test.body, remote.body, pull.body, logs.body, refused.body]),
    capture.text(),
  ];
  everything.push(JSON.stringify(await strapi.db.connection('utilities_channels').select('*')));
  expect(everything.join('\n')).not.toContain(TOKEN);
  expect(calls).toEqual(['test', 'list', 'list', 'test']);
});
