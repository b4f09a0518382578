import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { apiToken, countRecords, INGEST, withToken } from './support/usage';

/**
 * The hostile-input probe's cases about request bodies and messages (issue 14, item 6):
 * what Strapi's parser would mangle or drop is refused with a 400 that names it, and
 * refusals say what a person can act on.
 */
const folders = mkdtempSync(path.join(tmpdir(), 'utilities-input-messages-'));
let app: TestApp;
let admin: Agent;
let device: ReturnType<typeof withToken>;
let token: string;

/** A request exactly as written (bytes, headers), answered as text. */
async function raw(
  method: string,
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const server = app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: url, headers: { ...headers, 'Content-Length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const URL = '/api/utilities/usage-records';
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: folders });
  admin = await superAdmin(app.strapi, app.http);
  token = await apiToken(app.strapi, [INGEST]);
  device = withToken(app.http, token);
});
afterAll(async () => {
  await app?.stop();
  rmSync(folders, { recursive: true, force: true });
});

describe('bytes that are not UTF-8', () => {
  test('a device body with a stray 0xFF is refused, never stored as U+FFFD', async () => {
    const body = bytes('{"intcounter": 5, "eventRef": "a', [0xff, 0xfe], '"}');
    const res = await raw('POST', `${URL}/g/1/not-utf8`, body, {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    });
    expect(res.status).toBe(400);
    const error = JSON.parse(res.body).error;
    expect(error).toMatchObject({
      name: 'ValidationError',
      message:
        'The request body is not valid UTF-8 (byte 32 starts no UTF-8 character); send the text encoded as UTF-8',
      details: { code: 'body-not-utf8', params: { offset: 32 } },
    });
    expect(await countRecords(app.strapi, { device_id: 'not-utf8' })).toBe(0);
    // The same record, encoded properly, is stored.
    const ok = await device.post(`${URL}/g/1/not-utf8`).send({ intcounter: 5, eventRef: 'aÿþ' });
    expect(ok.status).toBe(201);
    expect(ok.body.data.eventRef).toBe('aÿþ');
  });

  test('an admin body with an overlong or truncated sequence is refused', async () => {
    for (const bad of [
      bytes('{"code":"UTF_A","name":"W', [0xc3, 0x28], '"}'), // lead byte without continuation
      bytes('{"code":"UTF_B","name":"W', [0xc0, 0xaf], '"}'), // overlong "/"
      bytes('{"code":"UTF_C","name":"W', [0xed, 0xa0, 0x80], '"}'), // a UTF-16 surrogate
    ]) {
      const res = await raw('POST', '/utilities/utility-types', bad, {
        Authorization: `Bearer ${admin.token}`,
        'Content-Type': 'application/json',
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.details.code).toBe('body-not-utf8');
    }
    expect((await admin.get('/utilities/utility-types?q=UTF_')).body.data).toEqual([]);
  });
});

describe('prototype keys in bodies', () => {
  test('a batch with one __proto__ item is refused, naming the item', async () => {
    const res = await device
      .post(URL)
      .set('Content-Type', 'application/json')
      .send(
        '{"data":[{"eGroup":"g","eId":"1","deviceId":"proto-batch","intcounter":1},' +
          '{"eGroup":"g","eId":"1","deviceId":"proto-batch","intcounter":2,"__proto__":{"admin":true}}]}',
      );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('data[1]: Unknown field "__proto__"');
    expect(res.body.error.details.errors[0].path).toEqual(['data', '1', '__proto__']);
    expect(await countRecords(app.strapi, { device_id: 'proto-batch' })).toBe(0);
  });

  test('constructor.prototype in a nested admin body is refused with its path', async () => {
    const res = await admin
      .post('/utilities/channels')
      .set('Content-Type', 'application/json')
      .send('{"code":"PROTO","name":"p","handler":"local-folder","config":{"constructor":{"prototype":{}}}}');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('config: Unknown field "constructor"');
  });

  test.each(['__proto__[admin]=1', 'constructor=1', 'toString=x'])(
    'a form body with %s → 400 like any unknown field, not dropped',
    async (field) => {
      const res = await device.post(`${URL}/g/1/proto-form`).type('form').send(`intcounter=1&${field}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`Unknown field "${field.split(/[[=]/)[0]}"`);
      expect(await countRecords(app.strapi, { device_id: 'proto-form' })).toBe(0);
    },
  );

  test.each([
    ['a text field', '__proto__', 'field'],
    ['a text field', 'constructor[prototype]', 'field'],
    ['a file part', '__proto__', 'file'],
  ] as const)(
    'a multipart upload with %s named %s → 400 naming it, nothing stored',
    async (_, name, kind) => {
      const deviceId = `proto-multipart-${kind}`;
      let req = app
        .http()
        .post('/utilities/usage-records/import')
        .set('Authorization', `Bearer ${admin.token}`)
        .field('eGroup', 'g')
        .field('eId', '1');
      req = kind === 'field' ? req.field(name, 'x') : req.attach(name, Buffer.from('x\n'), 'other.csv');
      const res = await req.attach(
        'file',
        Buffer.from(`DeviceId,Dtu\n${deviceId},2024-01-01T00:00:00Z\n`),
        'u.csv',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`Unknown field "${name.split('[')[0]}"`);
      expect(res.body.error.details.code).toBe('unrecognized_keys');
      expect(await countRecords(app.strapi, { device_id: deviceId })).toBe(0);
    },
  );

  test('a form body without such names is still stored', async () => {
    const res = await device.post(`${URL}/g/1/proto-form-ok`).type('form').send('intcounter=7');
    expect(res.status).toBe(201);
    expect(res.body.data.intCounter).toBe('7');
  });
});

describe('messages a person can act on', () => {
  test('eventdataj nested 5,000 deep says "nested too deeply"', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const res = await device
      .post(`${URL}/g/1/deep`)
      .set('Content-Type', 'application/json')
      .send(`{"eventdataj": ${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('eventdataj is nested too deeply: at most 32 levels are allowed');
  });

  test('dates outside the supported years name the range', async () => {
    const list = await admin.get('/utilities/usage-records?from=0500-01-01T00:00:00Z');
    expect(list.status).toBe(400);
    expect(list.body.error.message).toBe(
      'from is outside the supported years 1970–9999 (got "0500-01-01T00:00:00Z")',
    );
    const logs = await admin.get('/utilities/ingestion-logs?to=1800-01-01');
    expect(logs.body.error.message).toMatch(/^to is outside the supported years 1970–9999/);
    const readings = await admin.get('/utilities/devices/x/readings?from=1800-01-01');
    expect(readings.status).toBe(400);
    expect(readings.body.error.message).toMatch(/^from is outside the supported years 1900–2999/);
  });

  test('an unknown field on an invoice names the field', async () => {
    const res = await admin.put('/utilities/invoices/no-such-invoice', { note: 'x', notes: 'typo' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('notes: Unknown field "notes"');
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['notes'], code: 'unrecognized_keys' }),
    ]);
  });

  test('a file named .xlsx that is not a workbook says so, judged by its bytes', async () => {
    const res = await app
      .http()
      .post('/utilities/usage-records/import')
      .set('Authorization', `Bearer ${admin.token}`)
      .attach('file', Buffer.from('DeviceId,Dtu\nd1,2024-01-01T00:00:00Z\n'), {
        filename: 'readings.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      '"readings.xlsx" is not an Excel workbook: an .xlsx file is a zip package, and this file\'s bytes are text, so it was read as CSV. ' +
        'The sheet has no eGroup, eId columns: add them, or choose a value for the whole file',
    );
    // Read as the CSV it is when it can be: the summary warns.
    const csv = await app
      .http()
      .post('/utilities/usage-records/import')
      .set('Authorization', `Bearer ${admin.token}`)
      .field('eGroup', 'g')
      .field('eId', '1')
      .attach('file', Buffer.from('DeviceId,Dtu\nxlsx-csv,2024-01-01T00:00:00Z\n'), 'readings.xlsx');
    expect(csv.status).toBe(201);
    expect(csv.body.data.warnings[0]).toMatch(/^"readings.xlsx" is not an Excel workbook/);
    expect(csv.body.data.created).toBe(1);
  });

  test("431 (headers too large) carries Strapi's error body", async () => {
    const res = await raw('GET', '/utilities/modules', Buffer.alloc(0), { 'X-Big': 'x'.repeat(20_000) });
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      data: null,
      error: {
        status: 431,
        name: 'RequestHeaderFieldsTooLargeError',
        message: expect.stringMatching(/^The request headers are too large/),
        details: {},
      },
    });
  });

  describe('meter files read by a channel', () => {
    /** Pulls `content` as one CSV file through a local-folder channel; answers its log and row outcomes. */
    async function pullCsv(code: string, content: string) {
      const folder = path.join(folders, code);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'readings.csv'), content);
      const channel = await admin.post('/utilities/channels', {
        code,
        name: code,
        handler: 'local-folder',
        config: { root: folder, filePattern: '*.csv', format: 'csv', afterProcessing: 'leave' },
      });
      expect(channel.status).toBe(201);
      const id = channel.body.data.documentId;
      expect((await admin.post(`/utilities/channels/${id}/pull`, {})).status).toBe(200);
      const log = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data[0];
      const rows = (await admin.get(`/utilities/ingestion-logs/${log.documentId}/rows?pageSize=100`)).body
        .data as Array<{ rowNumber: number; line: number; outcome: string; error: string | null }>;
      return { log, rows };
    }

    test('an unbalanced quote says so, and every line it swallowed has an outcome', async () => {
      const { log, rows } = await pullCsv(
        'QUOTE',
        'meter_number,register,timestamp,value\n' +
          'Q-1,1,2024-01-01T00:00:00Z,1\n' +
          'Q-1,1,2024-01-02T00:00:00Z,"2\n' +
          'Q-1,1,2024-01-03T00:00:00Z,3\n' +
          'Q-1,1,2024-01-04T00:00:00Z,4\n',
      );
      expect(log).toMatchObject({ status: 'Partial', insertedRows: 1, failedRows: 3 });
      expect(rows.map((r) => [r.line, r.outcome])).toEqual([
        [2, 'inserted'],
        [3, 'rejected'],
        [4, 'rejected'],
        [5, 'rejected'],
      ]);
      expect(rows[1].error).toMatch(/^A quoted field starting on or after line 3 is never closed/);
      expect(rows[2].error).toMatch(/^Line 4 lies inside the quoted field opened on or after line 3/);
      expect(rows[3].error).toMatch(/^Line 5 lies inside the quoted field/);
    });

    test('a fatal line is named once, not "Line 2: Line 2:"', async () => {
      const { log } = await pullCsv(
        'LONGROW',
        `meter_number,register,timestamp,value\nL-1,1,2024-01-01T00:00:00Z,${'7'.repeat(300 * 1024)}\n`,
      );
      expect(log.status).toBe('Failed');
      expect(log.error).toMatch(/^Line 2: A row is longer than 256 KB/);
      expect(log.error).not.toMatch(/Line 2: Line 2/);
    });
  });
});
