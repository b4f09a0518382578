import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { operations } from '../../server/openapi/operations';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { apiToken, countRecords, INGEST, withToken } from './support/usage';

/**
 * The hostile-input probe's cases (issue 14, item 6): bad input that used to be stored or
 * run past silently is refused with a 4xx or a row outcome that names the rule it breaks.
 */
const base = mkdtempSync(path.join(tmpdir(), 'utilities-input-rules-'));
const allowed = path.join(base, 'allowed');
const outside = path.join(base, 'outside');
mkdirSync(allowed, { recursive: true });
mkdirSync(outside, { recursive: true });

let app: TestApp;
let admin: Agent;
let device: ReturnType<typeof withToken>;
let token: string;

/** A request exactly as written: supertest always adds a Content-Type to a body. */
async function raw(method: string, url: string, body: string): Promise<{ status: number; body: string }> {
  const server = app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        headers: { Authorization: `Bearer ${token}`, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const URL = '/api/utilities/usage-records';

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: allowed });
  admin = await superAdmin(app.strapi, app.http);
  token = await apiToken(app.strapi, [INGEST]);
  device = withToken(app.http, token);
});
afterAll(async () => {
  await app?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('device API: a body that cannot be read is refused, never stored blank', () => {
  const accepted = ['application/json', 'application/x-www-form-urlencoded'];

  test.each([
    ['application/xml', '<record><intcounter>5</intcounter></record>'],
    ['application/octet-stream', Buffer.from([1, 2, 3, 4])],
  ])('POST with %s → 415 naming the accepted types', async (type, body) => {
    const res = await device.post(`${URL}/g/1/unreadable`).set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ status: 415, name: 'UnsupportedMediaTypeError' });
    expect(res.body.error.message).toContain(type);
    expect(res.body.error.details.accepted).toEqual(accepted);
    expect(await countRecords(app.strapi, { device_id: 'unreadable' })).toBe(0);
  });

  test('a JSON body without a Content-Type → 415', async () => {
    const res = await raw('POST', `${URL}/g/1/unreadable`, '{"intcounter": 5}');
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error.message).toMatch(/without a Content-Type/);
    expect(await countRecords(app.strapi, { device_id: 'unreadable' })).toBe(0);
  });

  test('a GET with a body → 415; the fields belong in the query string', async () => {
    const res = await device
      .get(`${URL}/g/1/unreadable-get`)
      .set('Content-Type', 'application/json')
      .send({ intcounter: 5 });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/query string/);
    expect(await countRecords(app.strapi, { device_id: 'unreadable-get' })).toBe(0);
  });
});

describe('free text and admin bodies', () => {
  test('a utility type name or description with NUL is refused', async () => {
    const name = await admin.post('/utilities/utility-types', { code: 'NUL_NAME', name: 'Water\u0000' });
    expect(name.status).toBe(400);
    expect(name.body.error.details.errors[0]).toMatchObject({
      path: ['name'],
      message: 'Name may not contain control or invisible characters',
    });
    const description = await admin.post('/utilities/utility-types', {
      code: 'NUL_DESC',
      name: 'Water',
      description: 'line one\nline\u0000two',
    });
    expect(description.status).toBe(400);
    expect(description.body.error.details.errors[0].path).toEqual(['description']);
    // Line breaks in a description are fine.
    const ok = await admin.post('/utilities/utility-types', {
      code: 'MULTILINE',
      name: 'Water',
      description: 'line one\nline two',
    });
    expect(ok.status).toBe(201);
  });

  test('a device whose meter number holds a zero-width space is refused, as the device API refuses it', async () => {
    const res = await admin.post('/utilities/devices', { meterNumber: 'A\u200B100' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['meterNumber']);
  });

  test('POST /ingestion-logs/reconstruct-legacy with an unknown field → 400 naming it', async () => {
    const res = await admin.post('/utilities/ingestion-logs/reconstruct-legacy', { dryRun: true });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('dryRun: Unknown field "dryRun"');
    expect((await admin.post('/utilities/ingestion-logs/reconstruct-legacy', {})).status).toBe(200);
  });
});

describe('local-folder channels', () => {
  const drop = path.join(allowed, 'drop');
  const create = (code: string, config: Record<string, unknown>) =>
    admin.post('/utilities/channels', { code, name: code, handler: 'local-folder', config });

  beforeAll(() => {
    mkdirSync(drop, { recursive: true });
    symlinkSync(outside, path.join(allowed, 'link-out'));
    symlinkSync(outside, path.join(drop, 'moved-out'));
  });

  test('a root that is a symbolic link leading outside the allowed folders is refused on save', async () => {
    const res = await create('LINK_ROOT', { root: path.join(allowed, 'link-out') });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({
      path: ['config', 'root'],
      message: 'Folder leads (through a symbolic link) outside the folders allowed for channels',
    });
    const below = await create('LINK_BELOW', { root: path.join(allowed, 'link-out', 'not-yet') });
    expect(below.status).toBe(400);
  });

  test('a move folder that is a symbolic link leading out is refused on save', async () => {
    const res = await create('LINK_MOVE', { root: drop, afterProcessing: 'move', moveToFolder: 'moved-out' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['config', 'moveToFolder']);
    const fine = await create('MOVE_OK', { root: drop, afterProcessing: 'move', moveToFolder: 'processed' });
    expect(fine.status).toBe(201);
    await admin.delete(`/utilities/channels/${fine.body.data.documentId}`);
  });

  test('a folder that no longer exists is a configuration mistake (400), not a bad gateway', async () => {
    const gone = path.join(allowed, 'gone');
    mkdirSync(gone);
    const res = await create('GONE', { root: gone });
    expect(res.status).toBe(201);
    rmSync(gone, { recursive: true });
    const pull = await admin.post(`/utilities/channels/${res.body.data.documentId}/pull`, {});
    expect(pull.status).toBe(400);
    expect(pull.body.error).toMatchObject({ name: 'ChannelError', details: { code: 'not-found' } });
    const files = await admin.get(`/utilities/channels/${res.body.data.documentId}/remote-files`);
    expect(files.status).toBe(400);
  });

  test('CSV rows with a zero-width space or a newline in the meter number, or a formula as register, are rejected', async () => {
    const folder = path.join(allowed, 'csv');
    mkdirSync(folder);
    // "processed" exists as a file: the move after processing fails.
    writeFileSync(path.join(folder, 'processed'), 'not a folder');
    writeFileSync(
      path.join(folder, 'hostile.csv'),
      [
        'meter_number,register,timestamp,value',
        'RULES-1,1,2024-01-01T00:00:00Z,1',
        'RULES\u200B-1,1,2024-01-02T00:00:00Z,2',
        '"RULES\n-1",1,2024-01-03T00:00:00Z,3',
        'RULES-1,"=HYPERLINK(""http://x.example"",""y"")",2024-01-04T00:00:00Z,4',
      ].join('\n'),
    );
    const res = await create('CSV_RULES', {
      root: folder,
      filePattern: '*.csv',
      format: 'csv',
      afterProcessing: 'move',
      moveToFolder: 'processed',
    });
    expect(res.status).toBe(201);
    const id = res.body.data.documentId;
    const pull = await admin.post(`/utilities/channels/${id}/pull`, {});
    expect(pull.status).toBe(200);
    const log = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data[0];
    expect(log).toMatchObject({ status: 'Partial', insertedRows: 1, failedRows: 3 });
    const rows = (await admin.get(`/utilities/ingestion-logs/${log.documentId}/rows?pageSize=100`)).body.data;
    expect(rows.map((r: { outcome: string; error: string | null }) => [r.outcome, r.error])).toEqual([
      ['inserted', null],
      [
        'rejected',
        'The meter number contains a control or invisible character (U+200B); only printable characters are allowed',
      ],
      [
        'rejected',
        'The meter number contains a control or invisible character (U+000A); only printable characters are allowed',
      ],
      [
        'rejected',
        expect.stringMatching(/^The register must be 1–32 letters, digits or \. _ : - \(got "=HYPERLINK/),
      ],
    ]);
    const stored = await app.strapi.db
      .connection('utilities_meter_readings')
      .where('meter_number', 'like', 'RULES%');
    expect(stored).toHaveLength(1);

    // The failed move is on the file's log and the channel's last error, not only in the server log.
    const detail = (await admin.get(`/utilities/ingestion-logs/${log.documentId}`)).body.data;
    expect(detail.error).toMatch(/^The file was processed, but could not be moved or deleted afterwards: /);
    const channel = (await admin.get(`/utilities/channels/${id}`)).body.data;
    expect(channel.lastError).toMatch(
      /^After processing, 1 file\(s\) could not be moved or deleted: "hostile.csv": /,
    );
  });
});

describe('NEM12 identifiers', () => {
  const create = (code: string, config: Record<string, unknown>) =>
    admin.post('/utilities/channels', { code, name: code, handler: 'local-folder', config });

  test('an NMI, suffix or meter serial breaking the shared rules is rejected naming the rule, nothing stored', async () => {
    const folder = path.join(allowed, 'nem12');
    mkdirSync(folder);
    const day = `300,20240101,${Array.from({ length: 48 }, () => '1.5').join(',')},A,,,20240102000000,`;
    writeFileSync(
      path.join(folder, 'hostile.csv'),
      [
        '100,NEM12,202401010000,MDA1,RET1',
        '200,NMI000\u200B0001,E1,1,E1,N1,NEMRULES1,kWh,30,',
        day,
        '200,NMI0000001,E1,1,=1,N1,NEMRULES2,kWh,30,',
        day,
        '200,NMI0000001,E1,1,E1,N1,NEMRULES\u200B3,kWh,30,',
        day,
        '200,NMI0000001,E1,1,E1,N1,NEMRULES4,kWh,30,',
        day,
        '900',
      ].join('\r\n'),
    );
    const res = await create('NEM12_RULES', { root: folder, filePattern: '*.csv', format: 'nem12' });
    expect(res.status).toBe(201);
    const id = res.body.data.documentId;
    expect((await admin.post(`/utilities/channels/${id}/pull`, {})).status).toBe(200);
    const log = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data[0];
    expect(log).toMatchObject({ status: 'Partial', insertedRows: 48 });
    const rows = (
      await admin.get(`/utilities/ingestion-logs/${log.documentId}/rows?outcome=rejected&pageSize=100`)
    ).body.data as { line: number; error: string }[];
    const byLine = new Map(rows.map((r) => [r.line, r.error]));
    expect(byLine.get(2)).toBe(
      'The NMI contains a control or invisible character (U+200B); only printable characters are allowed',
    );
    expect(byLine.get(4)).toBe('The NMI suffix must be 1–32 letters, digits or . _ : - (got "=1")');
    expect(byLine.get(6)).toBe(
      'The meter serial number contains a control or invisible character (U+200B); only printable characters are allowed',
    );
    const stored = await app.strapi.db
      .connection('utilities_meter_readings')
      .where('meter_number', 'like', 'NEMRULES%')
      .distinct('meter_number');
    expect(stored).toEqual([{ meter_number: 'NEMRULES4' }]);
  });
});

describe('query parameters', () => {
  test.each([
    ['/utilities/usage-records?deviceId=dev-1', 'deviceId'],
    ['/utilities/usage-records?filters[device]=dev-1', 'filters'],
    ['/utilities/usage-records?populate=*', 'populate'],
    ['/utilities/ingestion-logs?q=readings', 'q'],
    ['/utilities/devices?populate=*', 'populate'],
  ])('%s → 400 naming the parameter', async (url, name) => {
    const res = await admin.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      new RegExp(`^Unknown query parameter "${name}"; this list accepts`),
    );
    expect(res.body.error.details.errors[0].path).toEqual([name]);
  });

  // Every list route of the admin API (the OpenAPI table lists them all; the build fails
  // without an entry), with an id that matches nothing: the query is judged first.
  const listRoutes = Object.entries(operations)
    .filter(([key, op]) => key.startsWith('GET /utilities/') && op.response?.list)
    .map(([key]) => key.slice('GET '.length).replace(/:[A-Za-z]+/g, 'no-such-record'));

  test('the table of list routes is complete', () => {
    expect(listRoutes.length).toBeGreaterThanOrEqual(30);
  });

  test.each(listRoutes)('%s?bogus=1 → 400 naming the parameter', async (url) => {
    const res = await admin.get(`${url}?bogus=1`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Unknown query parameter "bogus"; this list accepts/);
    expect(res.body.error.details).toMatchObject({
      code: 'unknown-query-parameter',
      params: { name: 'bogus' },
      errors: [{ path: ['bogus'], code: 'unrecognized_keys' }],
    });
  });

  test('the supported filters still work', async () => {
    expect(
      (await admin.get('/utilities/usage-records?device=dev-1&page=1&pageSize=5&sort=dtu:asc')).status,
    ).toBe(200);
    expect((await admin.get('/utilities/devices?q=A&active=true')).status).toBe(200);
    for (const url of [
      '/utilities/billing-points?q=A&building=b&kind=apartment&active=true',
      '/utilities/rates?scope=default&at=2024-01-01',
      '/utilities/occupancies?party=p&billingPoint=b',
      '/utilities/invoices?chargeRun=r&party=p&billingPoint=b',
      '/utilities/channels?active=true&q=x&handler=sftp',
      '/utilities/property-claims?status=pending',
      '/utilities/members?search=a',
      '/utilities/utility-types?q=W&active=true',
      '/utilities/usage-metrics?q=x',
      '/utilities/cost-items?building=b',
      '/utilities/settlement-runs?building=b',
      '/utilities/charge-runs?status=draft',
    ])
      expect([url, (await admin.get(url)).status]).toEqual([url, 200]);
  });

  test('an instant with an impossible offset (+25:00) → 400', async () => {
    for (const url of [
      '/utilities/usage-records?from=2024-03-01T00:00:00%2B25:00',
      '/utilities/ingestion-logs?from=2024-03-01T00:00:00%2B25:00',
      '/utilities/usage-records?to=2024-03-01T00:00:00-13:00',
      '/utilities/devices/no-such-record/readings?from=2024-03-01T00:00:00%2B25:00',
    ]) {
      const res = await admin.get(url);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.message).toMatch(/offset no place uses/);
    }
    expect((await admin.get('/utilities/usage-records?from=2024-03-01T00:00:00%2B14:00')).status).toBe(200);
  });

  test('__proto__ and constructor in a query are refused like any unknown field, not dropped', async () => {
    for (const query of ['__proto__[admin]=1', 'constructor=1', 'intcounter=1&__proto__=x']) {
      const res = await device.get(`${URL}/g/1/proto-dev?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Unknown field "(__proto__|constructor)"$/);
    }
    expect(await countRecords(app.strapi, { device_id: 'proto-dev' })).toBe(0);
    const list = await admin.get('/utilities/usage-records?constructor=1');
    expect(list.status).toBe(400);
  });
});
