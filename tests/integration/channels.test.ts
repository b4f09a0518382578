import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import {
  captureOutput,
  dumpChannelTables,
  rawChannel,
  storedConfig,
  type Capture,
} from '../helpers/channels';
import { isSealed, open } from '../../src/channels/secret-sealing';
import { SECRET_MASK } from '../../src/channels/secret-config';
import { ACTIONS, type ActionKey } from '../../src/permissions';

/**
 * Channels over HTTP on a real database (the guide's "Set up utility channels"): CRUD
 * rules, permanent code and handler, config validated against the handler's schema,
 * write-only secrets, RBAC per route, the local-folder handler's confinement, and pulls
 * recording each new file once as Pending.
 */
const PASSWORD = 'Vendor-S3cret-Passw0rd!';
const NEW_PASSWORD = 'Another-S3cret-Pa55!';

const base = mkdtempSync(path.join(tmpdir(), 'utilities-channels-'));
const allowed = path.join(base, 'allowed');
const drop = path.join(allowed, 'drop');
const outside = path.join(base, 'outside');
mkdirSync(drop, { recursive: true });
mkdirSync(outside, { recursive: true });

let app: TestApp;
let admin: Agent;
let capture: Capture;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: allowed });
  capture = captureOutput(app.strapi);
  admin = await superAdmin(app.strapi, app.http);
  // This suite checks the pull's own bookkeeping (files recorded as Pending); the ingestion
  // pipeline the plugin plugs in at bootstrap has its own suite (ingestion.test.ts).
  app.strapi.plugin('utilities').service('channel-pulls').setFileProcessor(null);
});
afterAll(async () => {
  capture?.stop();
  await app?.stop();
  rmSync(base, { recursive: true, force: true });
});

const sftpBody = (
  code: string,
  extra: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
) => ({
  code,
  name: `Channel ${code}`,
  handler: 'sftp',
  ...extra,
  config: {
    host: '127.0.0.1',
    port: 1,
    username: 'meters',
    auth: 'password',
    password: PASSWORD,
    remoteFolder: 'outbox',
    ...config,
  },
});
const create = (body: object) => admin.post('/utilities/channels', body);
const keyring = () => app.strapi.plugin('utilities').service('channel-secrets').keyring();

describe('handlers', () => {
  test('GET /handlers lists the built-in handlers with their config schema (JSON only)', async () => {
    const res = await admin.get('/utilities/handlers');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((h: { id: string }) => [h.id, h]));
    expect(Object.keys(byId).sort()).toEqual(['local-folder', 'sftp']);
    expect(byId.sftp.capabilities).toEqual({ pull: true, remoteFiles: true });
    const password = byId.sftp.configSchema.find((f: { key: string }) => f.key === 'password');
    expect(password).toMatchObject({
      type: 'secret',
      required: true,
      visibleWhen: { field: 'auth', equals: ['password'] },
    });
    const host = byId.sftp.configSchema.find((f: { key: string }) => f.key === 'host');
    expect(host).not.toHaveProperty('check');
    expect(byId['local-folder'].configSchema[0]).toMatchObject({ key: 'root', type: 'path', required: true });
  });

  test('registering a second handler with a taken id fails with a clear message', () => {
    const handlers = app.strapi.plugin('utilities').service('handlers');
    const clone = { ...handlers.get('sftp') };
    expect(() => handlers.register(clone)).toThrow('A channel handler with id "sftp" is already registered');
  });
});

describe('create', () => {
  test('stores the channel, seals the password and answers it masked', async () => {
    const res = await create(sftpBody('VENDOR_SFTP', { displayOrder: 5, schedule: '0 3 * * *' }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      code: 'VENDOR_SFTP',
      name: 'Channel VENDOR_SFTP',
      handler: 'sftp',
      handlerName: 'SFTP',
      capabilities: { pull: true, remoteFiles: true },
      active: true,
      production: false,
      displayOrder: 5,
      schedule: '0 3 * * *',
      status: 'active',
      lastPullAt: null,
      lastSuccessfulPullAt: null,
      lastError: null,
    });
    // Defaults from the handler's schema are filled in; the secret is masked.
    expect(res.body.data.config).toMatchObject({
      host: '127.0.0.1',
      port: 1,
      username: 'meters',
      auth: 'password',
      password: SECRET_MASK,
      remoteFolder: 'outbox',
      filePattern: '*',
      caseInsensitive: true,
      afterProcessing: 'leave',
    });
    expect(Object.values(res.body.data.config)).not.toContain(PASSWORD);
    expect(typeof res.body.data.nextRunAt).toBe('string');
    const row = await rawChannel(app.strapi, res.body.data.documentId);
    const config = storedConfig(row);
    expect(isSealed(config.password)).toBe(true);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(open(keyring(), String(config.password), { record: 'VENDOR_SFTP', field: 'password' })).toBe(
      PASSWORD,
    );
  });

  test('a duplicate code is refused with 409', async () => {
    const res = await create(sftpBody('VENDOR_SFTP'));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('A channel with code VENDOR_SFTP already exists');
  });

  test('concurrent creates of one code store exactly one', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => create(sftpBody('RACE_CHANNEL'))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
  });

  const cases: [string, object, string[]][] = [
    ['missing code', { name: 'x', handler: 'sftp' }, ['code']],
    ['lowercase code', sftpBody('vendor'), ['code']],
    ['missing name', { code: 'NONAME', handler: 'sftp', config: {} }, ['name']],
    ['missing handler', { code: 'NOHANDLER', name: 'x' }, ['handler']],
    ['unknown handler', { code: 'FTP', name: 'x', handler: 'ftp', config: {} }, ['handler']],
    ['handler not an id', { code: 'BADH', name: 'x', handler: 'SFTP!', config: {} }, ['handler']],
    ['unknown top-level field', { ...sftpBody('UNK'), colour: 'blue' }, ['colour']],
    ['active not boolean', sftpBody('ACT', { active: 'yes' }), ['active']],
    ['production not boolean', sftpBody('PROD', { production: 1 }), ['production']],
    ['display order not whole', sftpBody('ORDER', { displayOrder: 1.5 }), ['displayOrder']],
    ['schedule not cron', sftpBody('CRON1', { schedule: 'every hour' }), ['schedule']],
    ['schedule every second', sftpBody('CRON2', { schedule: '* * * * * *' }), ['schedule']],
    ['schedule with 7 fields', sftpBody('CRON3', { schedule: '0 0 0 1 1 * 2030' }), ['schedule']],
    ['config not an object', { ...sftpBody('CFG1'), config: 'host=x' }, ['config']],
    ['config as array', { ...sftpBody('CFG2'), config: [] }, ['config']],
    ['missing host', sftpBody('NOHOST', {}, { host: undefined }), ['config', 'host']],
    ['host with scheme', sftpBody('SCHEME', {}, { host: 'sftp://vendor.example' }), ['config', 'host']],
    ['port as text', sftpBody('PORT1', {}, { port: '22' }), ['config', 'port']],
    ['port out of range', sftpBody('PORT2', {}, { port: 70000 }), ['config', 'port']],
    ['auth not an option', sftpBody('AUTH', {}, { auth: 'kerberos' }), ['config', 'auth']],
    ['missing password', sftpBody('NOPASS', {}, { password: undefined }), ['config', 'password']],
    ['unknown config key', sftpBody('UNKCFG', {}, { colour: 'blue' }), ['config', 'colour']],
    ['bad file pattern', sftpBody('PATTERN', {}, { filePattern: 'a/b*.csv' }), ['config', 'filePattern']],
    ['move without folder', sftpBody('MOVE1', {}, { afterProcessing: 'move' }), ['config', 'moveToFolder']],
    [
      'move into the read folder',
      sftpBody('MOVE2', {}, { afterProcessing: 'move', moveToFolder: '.' }),
      ['config', 'moveToFolder'],
    ],
    [
      'bad fingerprint',
      sftpBody('FP', {}, { hostKeyFingerprint: 'MD5:aa:bb' }),
      ['config', 'hostKeyFingerprint'],
    ],
    [
      'production without pinned host key',
      sftpBody('PRODFP', { production: true }),
      ['config', 'hostKeyFingerprint'],
    ],
    [
      'mask sent with nothing stored',
      sftpBody('MASKED', {}, { password: SECRET_MASK }),
      ['config', 'password'],
    ],
    [
      'remote folder climbing out',
      sftpBody('CLIMB', {}, { remoteFolder: '../etc' }),
      ['config', 'remoteFolder'],
    ],
  ];
  test.each(cases)('%s → 400 naming the field', async (_label, body, field) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path)).toContainEqual(field);
  });

  test('config problems are all reported together, each with its field', async () => {
    const res = await create(sftpBody('MANY', {}, { host: '', username: '', port: 'x' }));
    expect(res.status).toBe(400);
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['config.host', 'config.username', 'config.port']));
    expect(res.body.error.message).toMatch(/^config\.host: Host is required \(and 2 more problems\)$/);
  });

  test('nothing was stored by the refused requests', async () => {
    const res = await admin.get('/utilities/channels?pageSize=100');
    const codes = res.body.data.map((c: { code: string }) => c.code).sort();
    expect(codes).toEqual(['RACE_CHANNEL', 'VENDOR_SFTP']);
  });
});

describe('update', () => {
  let id: string;
  let sealed: string;
  beforeAll(async () => {
    const res = await create(sftpBody('EDIT_ME'));
    id = res.body.data.documentId;
    sealed = String(storedConfig(await rawChannel(app.strapi, id)).password);
  });

  test('changing the handler → 400 "The handler can\'t be changed once the channel is created"', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, { handler: 'local-folder' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("The handler can't be changed once the channel is created");
    expect(res.body.error.details.errors[0].path).toEqual(['handler']);
    expect((await admin.get(`/utilities/channels/${id}`)).body.data.handler).toBe('sftp');
  });

  test('changing the code → 400 and the code stays', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, { code: 'RENAMED' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("The code can't be changed once saved");
    expect((await admin.get(`/utilities/channels/${id}`)).body.data.code).toBe('EDIT_ME');
  });

  test('sending the stored code and handler (a form sends the whole record) is fine', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, {
      code: 'EDIT_ME',
      handler: 'sftp',
      name: 'Edited',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.name).toBe('Edited');
  });

  test('saving the mask keeps the stored password unchanged', async () => {
    const shown = (await admin.get(`/utilities/channels/${id}`)).body.data.config;
    expect(shown.password).toBe(SECRET_MASK);
    const res = await admin.put(`/utilities/channels/${id}`, { config: { ...shown, port: 2222 } });
    expect(res.status).toBe(200);
    expect(res.body.data.config).toMatchObject({ port: 2222, password: SECRET_MASK });
    const config = storedConfig(await rawChannel(app.strapi, id));
    expect(config.password).toBe(sealed);
    expect(config.port).toBe(2222);
  });

  test('omitting the secret from a config keeps it too', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, {
      config: { host: '127.0.0.1', username: 'meters', auth: 'password', remoteFolder: 'outbox' },
    });
    expect(res.status).toBe(200);
    expect(storedConfig(await rawChannel(app.strapi, id)).password).toBe(sealed);
  });

  test('a typed password replaces the stored one', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, {
      config: { host: '127.0.0.1', username: 'meters', password: NEW_PASSWORD },
    });
    expect(res.status).toBe(200);
    const config = storedConfig(await rawChannel(app.strapi, id));
    expect(config.password).not.toBe(sealed);
    expect(open(keyring(), String(config.password), { record: 'EDIT_ME', field: 'password' })).toBe(
      NEW_PASSWORD,
    );
  });

  test('switching to key authentication drops the stored password', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, {
      config: {
        host: '127.0.0.1',
        username: 'meters',
        auth: 'privateKey',
        password: SECRET_MASK,
        privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAkey\n-----END OPENSSH PRIVATE KEY-----',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.config).not.toHaveProperty('password');
    expect(res.body.data.config.privateKey).toBe(SECRET_MASK);
    expect(storedConfig(await rawChannel(app.strapi, id))).not.toHaveProperty('password');
  });

  test('an update without config keeps the config', async () => {
    const before = storedConfig(await rawChannel(app.strapi, id));
    const res = await admin.put(`/utilities/channels/${id}`, { displayOrder: 9, active: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ displayOrder: 9, active: false, status: 'inactive' });
    expect(storedConfig(await rawChannel(app.strapi, id))).toEqual(before);
  });

  test('turning production on re-checks the stored config: a pinned host key is required', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, { production: true });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['config', 'hostKeyFingerprint']);
    const fixed = await admin.put(`/utilities/channels/${id}`, {
      production: true,
      config: {
        ...(await admin.get(`/utilities/channels/${id}`)).body.data.config,
        hostKeyFingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
      },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.data.production).toBe(true);
  });

  test('turning production on with a valid config keeps the stored secrets as they are', async () => {
    const created = await create(
      sftpBody(
        'PROD_LATER',
        {},
        { hostKeyFingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' },
      ),
    );
    const pid = created.body.data.documentId;
    const before = storedConfig(await rawChannel(app.strapi, pid));
    const res = await admin.put(`/utilities/channels/${pid}`, { production: true });
    expect(res.status).toBe(200);
    const after = storedConfig(await rawChannel(app.strapi, pid));
    expect(after.password).toBe(before.password);
    expect(open(keyring(), String(after.password), { record: 'PROD_LATER', field: 'password' })).toBe(
      PASSWORD,
    );
  });

  test('bad update input is a 400 naming the field; a missing channel is a 404', async () => {
    expect(
      (await admin.put(`/utilities/channels/${id}`, { schedule: '61 * * * *' })).body.error.details.errors[0]
        .path,
    ).toEqual(['schedule']);
    expect(
      (await admin.put(`/utilities/channels/${id}`, { name: '' })).body.error.details.errors[0].path,
    ).toEqual(['name']);
    for (const res of [
      await admin.get('/utilities/channels/doesnotexist'),
      await admin.put('/utilities/channels/doesnotexist', { name: 'x' }),
      await admin.delete('/utilities/channels/doesnotexist'),
      await admin.post('/utilities/channels/doesnotexist/test'),
      await admin.post('/utilities/channels/doesnotexist/pull'),
      await admin.get('/utilities/channels/doesnotexist/remote-files'),
    ]) {
      expect(res.status).toBe(404);
    }
  });

  test('clearing the schedule with "" makes the channel manual-only', async () => {
    await admin.put(`/utilities/channels/${id}`, { schedule: '0 * * * *', active: true });
    const res = await admin.put(`/utilities/channels/${id}`, { schedule: '' });
    expect(res.body.data).toMatchObject({ schedule: null, nextRunAt: null });
  });
});

describe('list', () => {
  test('name, code, handler, status and last pull time; sorted by display order then name', async () => {
    const res = await admin.get('/utilities/channels?pageSize=100');
    expect(res.status).toBe(200);
    for (const row of res.body.data) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['name', 'code', 'handler', 'handlerName', 'status', 'lastPullAt']),
      );
    }
    const orders = res.body.data.map((c: { displayOrder: number; name: string }) => [c.displayOrder, c.name]);
    expect(orders).toEqual(
      [...orders].sort((a, b) => a[0] - b[0] || String(a[1]).localeCompare(String(b[1]))),
    );
    expect(res.body.meta.pagination.total).toBe(res.body.data.length);
  });

  test('filters by handler and active, and refuses a bad query', async () => {
    expect((await admin.get('/utilities/channels?handler=local-folder')).body.data).toEqual([]);
    const active = await admin.get('/utilities/channels?active=true&pageSize=100');
    expect(active.body.data.every((c: { active: boolean }) => c.active)).toBe(true);
    expect((await admin.get('/utilities/channels?sort=config:asc')).status).toBe(400);
  });
});

describe('test connection', () => {
  test('a refused connection answers ok:false with a readable message, fast', async () => {
    const id = (await admin.get('/utilities/channels?q=VENDOR_SFTP')).body.data[0].documentId;
    const res = await admin.post(`/utilities/channels/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(false);
    expect(res.body.data.code).toBe('connection-refused');
    expect(res.body.data.message).toContain('127.0.0.1:1');
  });
});

describe('local folder', () => {
  let id: string;
  const write = (name: string, content: string, mtime = new Date('2024-03-01T10:00:00Z')) => {
    const file = path.join(drop, name);
    writeFileSync(file, content);
    utimesSync(file, mtime, mtime);
  };

  beforeAll(() => {
    write('readings-1.csv', 'meter;value\nA;1\n', new Date('2024-03-01T10:00:00Z'));
    write('readings-2.csv', 'meter;value\nA;2\n', new Date('2024-03-02T10:00:00Z'));
    write('notes.txt', 'not a reading file');
    writeFileSync(path.join(outside, 'passwd.csv'), 'secret outside the root');
    symlinkSync(path.join(outside, 'passwd.csv'), path.join(drop, 'escape.csv'));
  });

  test('a folder outside the allowed roots is refused on save, naming the field', async () => {
    for (const root of [outside, '/etc', `${allowed}/../outside`, 'relative/folder']) {
      const res = await create({ code: 'ESCAPE', name: 'Escape', handler: 'local-folder', config: { root } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['config', 'root']);
    }
  });

  test('a channel inside the allowed root lists only matching files, never a symlink leading out', async () => {
    const res = await create({
      code: 'LOCAL_DROP',
      name: 'Local drop',
      handler: 'local-folder',
      config: { root: drop, filePattern: '*.csv' },
    });
    expect(res.status).toBe(201);
    id = res.body.data.documentId;
    const test = await admin.post(`/utilities/channels/${id}/test`);
    expect(test.body.data).toMatchObject({ ok: true });
    const files = await admin.get(`/utilities/channels/${id}/remote-files`);
    expect(files.status).toBe(200);
    expect(files.body.data.files.map((f: { name: string }) => f.name)).toEqual([
      'readings-1.csv',
      'readings-2.csv',
    ]);
    expect(files.body.data.files[0]).toMatchObject({
      size: 16,
      modifiedAt: '2024-03-01T10:00:00.000Z',
      status: 'new',
      log: null,
    });
    expect(files.body.data.lastSuccessfulPullAt).toBeNull();
  });

  test('a pull records each new file as Pending, once', async () => {
    const first = await admin.post(`/utilities/channels/${id}/pull`);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ newFiles: 2, processedFiles: 0 });
    expect(first.body.data.files.map((f: { status: string }) => f.status)).toEqual(['pending', 'pending']);
    const second = await admin.post(`/utilities/channels/${id}/pull`);
    expect(second.body.data.newFiles).toBe(0);
    const logs = await admin.get(`/utilities/ingestion-logs?channel=${id}`);
    expect(logs.body.data).toHaveLength(2);
    expect(logs.body.data[0]).toMatchObject({
      channel: { documentId: id, code: 'LOCAL_DROP' },
      source: 'local-folder',
      status: 'Pending',
      fileHash: null,
      legacy: false,
    });
    expect(logs.body.data.map((l: { fileName: string }) => l.fileName).sort()).toEqual([
      'readings-1.csv',
      'readings-2.csv',
    ]);
    const channel = (await admin.get(`/utilities/channels/${id}`)).body.data;
    expect(channel.lastPullAt).not.toBeNull();
    expect(channel.lastSuccessfulPullAt).toBe(channel.lastPullAt);
    const remote = await admin.get(`/utilities/channels/${id}/remote-files`);
    expect(remote.body.data.lastSuccessfulPullAt).toBe(channel.lastSuccessfulPullAt);
    expect(remote.body.data.files.every((f: { log: string | null }) => typeof f.log === 'string')).toBe(true);
  });

  test('two pulls at once: one runs, the other is told a pull is running; no file is recorded twice', async () => {
    write('readings-3.csv', 'meter;value\nA;3\n', new Date('2024-03-03T10:00:00Z'));
    const results = await Promise.all([
      admin.post(`/utilities/channels/${id}/pull`),
      admin.post(`/utilities/channels/${id}/pull`),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    const busy = results.find((r) => r.status === 409);
    if (busy) expect(busy.body.error.message).toMatch(/^Channel LOCAL_DROP is already being pulled/);
    expect(results.filter((r) => r.status === 200).reduce((n, r) => n + r.body.data.newFiles, 0)).toBe(1);
    const logs = await admin.get(`/utilities/ingestion-logs?channel=${id}&pageSize=100`);
    expect(logs.body.data.map((l: { fileName: string }) => l.fileName).sort()).toEqual([
      'readings-1.csv',
      'readings-2.csv',
      'readings-3.csv',
    ]);
  });

  test('a file rewritten in place (new size and time) is a new file', async () => {
    write('readings-1.csv', 'meter;value\nA;1\nB;7\n', new Date('2024-03-05T10:00:00Z'));
    const res = await admin.post(`/utilities/channels/${id}/pull`);
    expect(res.body.data.newFiles).toBe(1);
  });

  test('a pull while another instance holds the lease → 409; a stale lease is taken over', async () => {
    const knex = app.strapi.db.connection;
    const name = `channel-pull:${id}`;
    await knex('utilities_leases').insert({
      name,
      holder: 'other-host:1:dead',
      expires_at: Date.now() + 60_000,
      acquired_at: Date.now(),
      heartbeat_at: Date.now(),
    });
    const busy = await admin.post(`/utilities/channels/${id}/pull`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('other-host:1:dead');
    await knex('utilities_leases')
      .where({ name })
      .update({ expires_at: Date.now() - 60_000 });
    const taken = await admin.post(`/utilities/channels/${id}/pull`);
    expect(taken.status).toBe(200);
    expect(await knex('utilities_leases').where({ name }).first()).toBeUndefined(); // released after the pull
  });

  test('the file processor seam: Pending files are handed over, and what it records shows', async () => {
    const pulls = app.strapi.plugin('utilities').service('channel-pulls');
    const logs = app.strapi.plugin('utilities').service('ingestion-logs');
    const seen: { name: string; content: string; code: string; hasSecretConfig: boolean }[] = [];
    pulls.setFileProcessor(async (job: any) => {
      const stream = await job.open();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      seen.push({
        name: job.file.name,
        content: Buffer.concat(chunks).toString('utf8'),
        code: job.channel.code,
        hasSecretConfig: 'password' in job.channel.config,
      });
      if (job.file.name === 'readings-2.csv') throw new Error('parser exploded');
      await logs.update(job.log.documentId, {
        status: 'Completed',
        totalRows: 1,
        insertedRows: 1,
        completedAt: new Date().toISOString(),
      });
    });
    try {
      const res = await admin.post(`/utilities/channels/${id}/pull`);
      expect(res.status).toBe(200);
      // readings-1.csv was rewritten: its first version is no longer listed and stays Pending.
      expect(res.body.data.processedFiles).toBe(3);
      expect(seen.map((s) => s.name)).toEqual(['readings-2.csv', 'readings-3.csv', 'readings-1.csv']);
      expect(seen.every((s) => s.code === 'LOCAL_DROP' && !s.hasSecretConfig)).toBe(true);
      expect(seen.find((s) => s.name === 'readings-3.csv')?.content).toBe('meter;value\nA;3\n');
      const statuses = Object.fromEntries(
        res.body.data.files.map((f: { name: string; status: string }) => [f.name, f.status]),
      );
      expect(statuses).toEqual({
        'readings-1.csv': 'completed',
        'readings-2.csv': 'failed',
        'readings-3.csv': 'completed',
      });
      const failed = await admin.get(`/utilities/ingestion-logs?channel=${id}&status=Failed`);
      expect(failed.body.data).toHaveLength(1);
      expect(failed.body.data[0].error).toContain('parser exploded');
      // Completed files are not handed over again; a file that failed before it was read
      // completely (no hash recorded) is retried by the next pull.
      seen.length = 0;
      const again = await admin.post(`/utilities/channels/${id}/pull`);
      expect(again.body.data.processedFiles).toBe(1);
      expect(seen.map((s) => s.name)).toEqual(['readings-2.csv']);
    } finally {
      pulls.setFileProcessor(null);
    }
  });

  test('ingestion-log list filters: several statuses, dates, and a bad filter is a 400', async () => {
    const both = await admin.get(
      `/utilities/ingestion-logs?channel=${id}&status=Completed,Failed&pageSize=100`,
    );
    expect(both.body.data.map((l: { status: string }) => l.status).sort()).toEqual([
      'Completed',
      'Completed',
      'Failed',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await admin.get(`/utilities/ingestion-logs?channel=${id}&from=2000-01-01&to=2099-12-31`)).body.data
        .length,
    ).toBe(4);
    expect((await admin.get(`/utilities/ingestion-logs?channel=${id}&to=2000-01-01`)).body.data).toEqual([]);
    expect((await admin.get(`/utilities/ingestion-logs?channel=${id}&from=${today}`)).status).toBe(200);
    expect((await admin.get('/utilities/ingestion-logs?status=Done')).status).toBe(400);
    expect((await admin.get('/utilities/ingestion-logs?from=yesterday')).status).toBe(400);
    expect((await admin.get('/utilities/ingestion-logs?from=2024-02-30')).status).toBe(400);
    const one = both.body.data[0];
    const detail = await admin.get(`/utilities/ingestion-logs/${one.documentId}`);
    expect(detail.body.data).toMatchObject({
      documentId: one.documentId,
      remotePath: expect.stringContaining(drop),
    });
  });

  test('a path with ".." is refused, and the move folder must stay inside the root', async () => {
    const res = await admin.put(`/utilities/channels/${id}`, { config: { root: `${drop}/../../outside` } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['config', 'root']);
    const move = await admin.put(`/utilities/channels/${id}`, {
      config: { root: drop, afterProcessing: 'move', moveToFolder: '/tmp' },
    });
    expect(move.status).toBe(400);
    expect(move.body.error.details.errors[0].path).toEqual(['config', 'moveToFolder']);
  });

  test('deleting the channel keeps its ingestion logs, with the channel code', async () => {
    const before = (await admin.get(`/utilities/ingestion-logs?channel=${id}&pageSize=100`)).body.data.length;
    expect((await admin.delete(`/utilities/channels/${id}`)).status).toBe(200);
    expect((await admin.get(`/utilities/channels/${id}`)).status).toBe(404);
    const after = await admin.get(`/utilities/ingestion-logs?channel=${id}&pageSize=100`);
    expect(after.body.data).toHaveLength(before);
    expect(after.body.data.every((l: { channel: { code: string } }) => l.channel.code === 'LOCAL_DROP')).toBe(
      true,
    );
  });
});

describe('RBAC: every channel route needs its action', () => {
  let id: string;
  let logId: string;
  beforeAll(async () => {
    id = (await create({ code: 'RBAC_LOCAL', name: 'RBAC', handler: 'local-folder', config: { root: drop } }))
      .body.data.documentId;
    await admin.post(`/utilities/channels/${id}/pull`);
    logId = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data[0].documentId;
  });

  const routes: { action: ActionKey; label: string; call: (a: Agent) => ReturnType<Agent['get']> }[] = [
    { action: 'channels.read', label: 'GET /handlers', call: (a) => a.get('/utilities/handlers') },
    { action: 'channels.read', label: 'GET /channels', call: (a) => a.get('/utilities/channels') },
    { action: 'channels.read', label: 'GET /channels/:id', call: (a) => a.get(`/utilities/channels/${id}`) },
    {
      action: 'channels.read',
      label: 'GET /channels/:id/remote-files',
      call: (a) => a.get(`/utilities/channels/${id}/remote-files`),
    },
    {
      action: 'channels.write',
      label: 'POST /channels',
      call: (a) =>
        a.post('/utilities/channels', {
          code: 'RBAC_NEW',
          name: 'x',
          handler: 'local-folder',
          config: { root: drop },
        }),
    },
    {
      action: 'channels.write',
      label: 'PUT /channels/:id',
      call: (a) => a.put(`/utilities/channels/${id}`, { name: 'Renamed' }),
    },
    {
      action: 'channels.write',
      label: 'POST /channels/:id/test',
      call: (a) => a.post(`/utilities/channels/${id}/test`),
    },
    {
      action: 'channels.write',
      label: 'POST /channels/:id/pull',
      call: (a) => a.post(`/utilities/channels/${id}/pull`),
    },
    {
      action: 'ingestion-log.read',
      label: 'GET /ingestion-logs',
      call: (a) => a.get('/utilities/ingestion-logs'),
    },
    {
      action: 'ingestion-log.read',
      label: 'GET /ingestion-logs/:id',
      call: (a) => a.get(`/utilities/ingestion-logs/${logId}`),
    },
    {
      action: 'channels.delete',
      label: 'DELETE /channels/:id',
      call: (a) => a.delete(`/utilities/channels/${id}`),
    },
  ];

  test.each(routes.map((r) => [r.label, r.action, r] as const))(
    '%s without %s → 403',
    async (_label, action, route) => {
      const allOthers = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== action);
      const res = await route.call(await adminWith(app.strapi, app.http, allOthers));
      expect(res.status).toBe(403);
      expect((await admin.get(`/utilities/channels/${id}`)).body.data.name).toBe('RBAC');
    },
  );

  test.each(routes.map((r) => [r.label, r.action, r] as const))(
    '%s with only %s → allowed',
    async (_label, action, route) => {
      const res = await route.call(await adminWith(app.strapi, app.http, [action]));
      expect([200, 201]).toContain(res.status);
      if (action === 'channels.write') await admin.put(`/utilities/channels/${id}`, { name: 'RBAC' });
    },
  );

  test('with the utilities module off every channel route answers 403 ModuleDisabledError', async () => {
    await admin.put('/utilities/settings', { modules: { utilities: false } });
    try {
      for (const route of routes) {
        const res = await route.call(admin);
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('ModuleDisabledError');
      }
    } finally {
      await admin.put('/utilities/settings', { modules: { utilities: true } });
    }
  });
});

describe('secrets never leave', () => {
  test('no response, log line, stored row or ingestion log carries a password in clear', async () => {
    const responses: string[] = [];
    const keep = async (p: Promise<{ body: unknown; text?: string }>) => {
      const res = await p;
      responses.push(JSON.stringify(res.body));
      return res as { body: any };
    };
    const created = await keep(create(sftpBody('LEAK_TEST', {}, { password: PASSWORD })));
    const id = created.body.data.documentId;
    await keep(admin.get(`/utilities/channels/${id}`));
    await keep(admin.get('/utilities/channels?pageSize=100'));
    await keep(admin.post(`/utilities/channels/${id}/test`));
    const remote = await keep(admin.get(`/utilities/channels/${id}/remote-files`));
    expect(remote.body.error).toMatchObject({
      status: 502,
      name: 'ChannelError',
      details: { code: 'connection-refused', retryable: true },
    });
    await keep(admin.post(`/utilities/channels/${id}/pull`));
    await keep(
      admin.put(`/utilities/channels/${id}`, {
        config: { host: '127.0.0.1', port: 1, username: 'meters', password: NEW_PASSWORD },
      }),
    );
    await keep(admin.post(`/utilities/channels/${id}/pull`));
    await keep(
      admin.put(`/utilities/channels/${id}`, {
        config: { host: 'bad host', username: 'meters', password: PASSWORD },
      }),
    ); // refused: echo?
    await keep(admin.get('/utilities/ingestion-logs?pageSize=100'));
    // A failed pull was recorded on the channel, scrubbed.
    const channel = (await admin.get(`/utilities/channels/${id}`)).body.data;
    expect(channel.status).toBe('failing');
    expect(channel.lastError).toContain('127.0.0.1:1');

    // The capture works: the failed pulls were logged (scrubbed).
    expect(capture.text()).toContain(
      'Channel LEAK_TEST: manual pull failed: Could not connect to 127.0.0.1:1',
    );

    const everything = [responses.join('\n'), capture.text(), await dumpChannelTables(app.strapi)].join('\n');
    for (const secret of [PASSWORD, NEW_PASSWORD, encodeURIComponent(PASSWORD)]) {
      expect(everything).not.toContain(secret);
    }
    expect(responses.join('\n')).toContain(SECRET_MASK);
  });
});
