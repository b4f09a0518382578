import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { databaseClient } from '../helpers/database';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { apiToken, countRecords, INGEST, withToken } from './support/usage';

/**
 * Usage records over REST (usage-charging guide, "Recording Usage Records (via API)"):
 * the URL form by GET, PUT and POST, batches, exact idempotency by event reference,
 * API-token auth, 64-bit counters, and every bad input of the issue answered with a
 * 4xx a sender can act on.
 */
let app: TestApp;
let root: Agent;
let device: ReturnType<typeof withToken>;
let bearer: string;
const URL = '/api/utilities/usage-records';

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const token = await apiToken(app.strapi, [INGEST]);
  device = withToken(app.http, token);
  bearer = `Bearer ${token}`;
});
afterAll(async () => app?.stop());

const deviceRow = (meterNumber: string) =>
  app.strapi.db
    .query('plugin::utilities.device')
    .findOne({ where: { meterNumber }, select: ['meterNumber', 'source'] });

describe("the guide's quick start", () => {
  test('GET …/test/1/mydevice?ref=firsttry&intcounter=6789 twice stores one record and creates the device', async () => {
    expect(await deviceRow('mydevice')).toBeNull();
    const first = await device.get(`${URL}/test/1/mydevice?ref=firsttry&intcounter=6789`);
    expect(first.status).toBe(201);
    expect(first.body.meta).toEqual({ duplicate: false });
    expect(first.body.data).toMatchObject({
      eGroup: 'test',
      eId: '1',
      deviceId: 'mydevice',
      eventRef: 'firsttry',
      intCounter: '6789',
      intCounter2: null,
      srcIp: '127.0.0.1',
      dtuFromServer: true,
      source: 'api',
    });
    expect(Math.abs(Date.parse(first.body.data.dtu) - Date.now())).toBeLessThan(60_000);

    const again = await device.get(`${URL}/test/1/mydevice?ref=firsttry&intcounter=6789`);
    expect(again.status).toBe(200);
    expect(again.body.meta).toEqual({ duplicate: true });
    expect(again.body.data).toEqual(first.body.data);

    // A repeat with different values saves nothing either: only the first record received is used.
    const changed = await device.get(`${URL}/test/1/mydevice?ref=firsttry&intcounter=9999`);
    expect(changed.status).toBe(200);
    expect(changed.body.data.intCounter).toBe('6789');

    expect(await countRecords(app.strapi, { device_id: 'mydevice' })).toBe(1);
    expect(await deviceRow('mydevice')).toMatchObject({ meterNumber: 'mydevice', source: 'usage-api' });
  });

  test('PUT and POST store the same way; field names are case-insensitive and may come in the body', async () => {
    const put = await device.put(`${URL}/WM-ACME5/Type-1/meter-7?REF=p-1&IntCounter=12`);
    expect(put.status).toBe(201);
    expect(put.body.data).toMatchObject({ eventRef: 'p-1', intCounter: '12' });
    const post = await device.post(`${URL}/WM-ACME5/Type-1/meter-7`).send({
      EventRef: 'p-2',
      intcounter: '13',
      Temperature: 21.5,
      dt: '12-jun-2021 14:31',
      dtu: '2021-06-12T12:31:00Z',
      eventdataj: { pressure: 3.2 },
      badge: '04:a3:2b:1c',
    });
    expect(post.status).toBe(201);
    expect(post.body.data).toMatchObject({
      eventRef: 'p-2',
      intCounter: '13',
      temperature: '21.5',
      dt: '12-jun-2021 14:31',
      dtLocal: '2021-06-12T14:31:00.000',
      dtu: '2021-06-12T12:31:00.000Z',
      dtuFromServer: false,
      eventData: { pressure: 3.2 },
      badge: '04A32B1C',
    });
    const form = await device
      .post(`${URL}/WM-ACME5/Type-1/meter-7`)
      .type('form')
      .send({ ref: 'p-3', intcounter: '14' });
    expect(form.status).toBe(201);
    expect(form.body.data.intCounter).toBe('14');
  });

  test('without a ref every call stores a record', async () => {
    for (let i = 0; i < 3; i++)
      expect((await device.get(`${URL}/test/1/no-ref-device?intcounter=5`)).status).toBe(201);
    expect(await countRecords(app.strapi, { device_id: 'no-ref-device' })).toBe(3);
  });

  test('the sender may state its own address; otherwise the connection address is recorded', async () => {
    const res = await device.get(`${URL}/test/1/natted?ref=ip-1&srcip=10.50.190.201`);
    expect(res.body.data.srcIp).toBe('10.50.190.201');
  });

  test('the same ref under another device, eGroup or eId is another event; ids compare exactly', async () => {
    for (const path of ['test/1/mydevice2', 'test/2/mydevice', 'Test/1/mydevice', 'test/1/MyDevice']) {
      const res = await device.get(`${URL}/${path}?ref=firsttry&intcounter=1`);
      expect(res.status).toBe(201);
    }
  });
});

describe('64-bit counters', () => {
  test('9223372036854775807 and -9223372036854775808 round-trip exactly, through the API and the database', async () => {
    const res = await device.get(
      `${URL}/test/1/big?ref=big-1&intcounter=9223372036854775807&intcounter2=-9223372036854775808&intcounter5=9007199254740993`,
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      intCounter: '9223372036854775807',
      intCounter2: '-9223372036854775808',
      intCounter5: '9007199254740993',
    });

    const listed = await root.get('/utilities/usage-records?device=big');
    expect(listed.body.data[0]).toMatchObject({
      intCounter: '9223372036854775807',
      intCounter2: '-9223372036854775808',
      intCounter5: '9007199254740993',
    });

    // In the database itself it is an integer: compare there, not just its text.
    const knex = app.strapi.db.connection;
    const int64 = databaseClient() === 'mysql' ? 'SIGNED' : 'BIGINT';
    const matching = async (value: string) =>
      Number(
        (
          await knex('utilities_usage_records')
            .where({ device_id: 'big' })
            .andWhere('int_counter', '=', knex.raw(`CAST(? AS ${int64})`, [value]))
            .count({ n: '*' })
        )[0].n,
      );
    expect(await matching('9223372036854775807')).toBe(1);
    expect(await matching('9223372036854775806')).toBe(0);
  });

  test('one more than the largest is refused, as are fractions, exponents, NaN and Infinity', async () => {
    for (const value of [
      '9223372036854775808',
      '-9223372036854775809',
      '1.5',
      '1e3',
      'NaN',
      'Infinity',
      '-Infinity',
      'abc',
      '0x10',
      '',
    ]) {
      const res = await device.get(`${URL}/test/1/bad-counter?intcounter=${encodeURIComponent(value)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['intCounter']);
    }
    // A JSON number beyond 2^53 has already lost its value in transit.
    const json = await device
      .post(`${URL}/test/1/bad-counter`)
      .set('Content-Type', 'application/json')
      .send('{"intcounter": 9223372036854775807}');
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/send it as a string/);
    expect(await countRecords(app.strapi, { device_id: 'bad-counter' })).toBe(0);
  });
});

describe('bad input is a 4xx with a message, never a 500', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['missing deviceId', `${URL}/test/1`, /deviceId is required.*<eGroup>\/<eId>\/<deviceId>/],
    ['missing eId and deviceId', `${URL}/test`, /eId is required/],
    ['nothing at all', `${URL}?intcounter=1`, /eGroup is required/],
    ['a digit-first eGroup', `${URL}/1test/1/dev`, /reserved to the system/],
    ['an eGroup starting with a symbol', `${URL}/_test/1/dev`, /must start with a letter/],
    ['an over-long eId', `${URL}/test/${'e'.repeat(65)}/dev`, /eId is too long: 65 characters/],
    ['an over-long deviceId', `${URL}/test/1/${'d'.repeat(65)}`, /deviceId is too long/],
    ['an over-long ref', `${URL}/test/1/dev?ref=${'r'.repeat(129)}`, /ref is too long/],
    ['an empty ref', `${URL}/test/1/dev?ref=`, /ref is empty/],
    ['a control character in an id', `${URL}/test/1/de%07v`, /control or invisible character/],
    [
      'invalid JSON in eventdataj',
      `${URL}/test/1/dev?eventdataj=${encodeURIComponent('{"a":')}`,
      /eventdataj is not valid JSON/,
    ],
    [
      'an array in eventdataj',
      `${URL}/test/1/dev?eventdataj=${encodeURIComponent('[1,2]')}`,
      /must be a JSON object.*not an array/,
    ],
    ['a number in eventdataj', `${URL}/test/1/dev?eventdataj=5`, /must be a JSON object/],
    ['a field given twice', `${URL}/test/1/dev?ref=a&ref=b`, /single value, not a list/],
    ['an unknown field', `${URL}/test/1/dev?colour=red`, /Unknown field "colour"/],
    ['a bad temperature', `${URL}/test/1/dev?temperature=warm`, /temperature must be a decimal number/],
    ['NaN temperature', `${URL}/test/1/dev?temperature=NaN`, /temperature must be a decimal number/],
    ['a bad date', `${URL}/test/1/dev?dtu=${encodeURIComponent('31-feb-2021 10:00')}`, /dtu/],
    ['a bad source address', `${URL}/test/1/dev?srcip=999.1.1.1`, /srcip must be an IPv4 or IPv6 address/],
    ['a bad badge', `${URL}/test/1/dev?badge=zz-top`, /badge must be an RFID UID/],
  ];
  test.each(cases)('%s → 400', async (_name, url, message) => {
    const res = await device.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toMatch(message);
  });

  test('an eventdataj over 16 KB → 400 naming the limit', async () => {
    const res = await device.post(`${URL}/test/1/dev`).send({ eventdataj: { blob: 'x'.repeat(17 * 1024) } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/at most 16384 bytes/);
  });

  test('bodies of the wrong shape → 400', async () => {
    const array = await device.post(`${URL}/test/1/dev`).send([{ intcounter: 1 }]);
    expect(array.status).toBe(400);
    const text = await device
      .post(`${URL}/test/1/dev`)
      .set('Content-Type', 'text/plain')
      .send('intcounter=1');
    // A body it cannot read as fields: 415 naming JSON and form (issue 14, item 6).
    expect(text.status).toBe(415);
    const broken = await device
      .post(`${URL}/test/1/dev`)
      .set('Content-Type', 'application/json')
      .send('{"intcounter": ');
    expect(broken.status).toBe(400);
    const nested = await device.post(`${URL}/test/1/dev`).send({ intcounter: { $gt: 1 } });
    expect(nested.status).toBe(400);
    const proto = await device
      .post(`${URL}/test/1/dev`)
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"admin": true}}');
    expect(proto.status).toBe(400);
    expect(await countRecords(app.strapi, { device_id: 'dev' })).toBe(0);
  });

  test('a 2 MB body → 413 saying the limit, without reading it', async () => {
    const big = JSON.stringify({ eventdataj: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    const single = await device.post(`${URL}/test/1/dev`).set('Content-Type', 'application/json').send(big);
    expect(single.status).toBe(413);
    expect(single.body.error.name).toBe('PayloadTooLargeError');
    expect(single.body.error.message).toMatch(
      /request body is 2\.0 MB; one usage record's request may be at most 64\.0 KB/,
    );

    const batch = await device
      .post(URL)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ data: [{ blob: 'x'.repeat(2 * 1024 * 1024) }] }));
    expect(batch.status).toBe(413);
    expect(batch.body.error.message).toMatch(/batch's request body is 2\.0 MB; it may be at most 1\.0 MB/);
  });

  test('a 2 MB chunked body (no Content-Length) → 413 with the same kind of message', async () => {
    const server = app.strapi.server.httpServer;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: URL,
          headers: {
            'Content-Type': 'application/json',
            'Transfer-Encoding': 'chunked',
            Authorization: bearer,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"data": [');
      for (let i = 0; i < 2048; i++)
        req.write(
          `${i ? ',' : ''}{"eGroup":"test","eId":"1","deviceId":"chunky","eventDataJ":{"b":"${'x'.repeat(1000)}"}}`,
        );
      req.end(']}');
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.message).toMatch(
      /batch's request body is too large; it may be at most 1\.0 MB/,
    );
    expect(await countRecords(app.strapi, { device_id: 'chunky' })).toBe(0);
  });
});

describe('auth: a Strapi API token holding the ingest permission', () => {
  test('the ingest action is offered in the API-token permission picker', async () => {
    const res = await root.get('/admin/content-api/permissions');
    expect(res.status).toBe(200);
    expect(res.body.data['plugin::utilities'].controllers['usage-records']).toEqual(['ingest']);
  });

  test('no token → 401; an unknown token → 401', async () => {
    const none = await app.http().get(`${URL}/test/1/auth-dev?ref=a1`);
    expect(none.status).toBe(401);
    const unknown = await app
      .http()
      .get(`${URL}/test/1/auth-dev?ref=a1`)
      .set('Authorization', 'Bearer not-a-token');
    expect(unknown.status).toBe(401);
    const batch = await app.http().post(URL).send({ data: [] });
    expect(batch.status).toBe(401);
  });

  test('a token without the ingest permission → 403 (custom and read-only)', async () => {
    for (const token of [await apiToken(app.strapi, []), await apiToken(app.strapi, [], 'read-only')]) {
      const res = await withToken(app.http, token).get(`${URL}/test/1/auth-dev?ref=a2`);
      expect(res.status).toBe(403);
      const batch = await withToken(app.http, token).post(URL).send({ data: [] });
      expect(batch.status).toBe(403);
    }
    expect(await countRecords(app.strapi, { device_id: 'auth-dev' })).toBe(0);
  });

  test('a full-access token may ingest', async () => {
    const res = await withToken(app.http, await apiToken(app.strapi, [], 'full-access')).get(
      `${URL}/test/1/auth-dev?ref=a3`,
    );
    expect(res.status).toBe(201);
  });

  test('users-permissions never opens the routes: not the Public role, not a signed-in user, even when granted', async () => {
    const publicRole = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    const authRole = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    for (const role of [publicRole, authRole]) {
      await app.strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action: INGEST, role: role.id } });
    }
    const anonymous = await app.http().get(`${URL}/test/1/auth-dev?ref=a4`);
    expect(anonymous.status).toBe(401);

    const user = await app.strapi.plugin('users-permissions').service('user').add({
      username: 'resident',
      email: 'resident@example.test',
      password: 'Resident-Passw0rd',
      provider: 'local',
      confirmed: true,
      role: authRole.id,
    });
    const jwt = app.strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
    const signedIn = await app
      .http()
      .get(`${URL}/test/1/auth-dev?ref=a5`)
      .set('Authorization', `Bearer ${jwt}`);
    expect(signedIn.status).toBe(401);
    expect(await countRecords(app.strapi, { device_id: 'auth-dev' })).toBe(1);
  });
});

describe('exactly once under concurrency', () => {
  test(`50 concurrent identical sends with one ref store exactly one record; all 50 succeed (${databaseClient()})`, async () => {
    const url = `${URL}/test/1/racing-device?ref=race-1&intcounter=42`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => device.get(url)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.body.meta.duplicate === true)).toHaveLength(49);
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
    expect(await countRecords(app.strapi, { device_id: 'racing-device' })).toBe(1);
    // …and the unknown device was created once.
    const devices = await app.strapi.db
      .query('plugin::utilities.device')
      .count({ where: { meterNumber: 'racing-device' } });
    expect(devices).toBe(1);
  });

  test('concurrent senders of different records each get their own record back', async () => {
    // Records arriving together are written together (group commit): each answer must still be the sender's own.
    const sends = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? device.get(`${URL}/MIX/1/mixer-${i % 4}?intcounter=${i}`)
        : device.get(`${URL}/MIX/1/mixer-${i % 4}?ref=mix-${i}&intcounter=${i}&temperature=${i}.5`),
    );
    const answers = await Promise.all(sends);
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(201);
      expect(answer.body.data).toMatchObject({
        deviceId: `mixer-${i % 4}`,
        intCounter: String(i),
        eventRef: i % 3 === 0 ? null : `mix-${i}`,
        temperature: i % 3 === 0 ? null : `${i}.5`,
      });
    });
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(60);
    expect(await countRecords(app.strapi, { e_group: 'MIX' })).toBe(60);
  });

  test('50 concurrent batches carrying the same 20 events store each event once', async () => {
    const data = Array.from({ length: 20 }, (_, i) => ({
      eGroup: 'test',
      eId: '1',
      deviceId: 'racing-batch',
      ref: `rb-${i}`,
      intCounter: i,
    }));
    const answers = await Promise.all(Array.from({ length: 50 }, () => device.post(URL).send({ data })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const created = answers.reduce((sum, a) => sum + a.body.meta.created, 0);
    const duplicates = answers.reduce((sum, a) => sum + a.body.meta.duplicates, 0);
    expect(created).toBe(20);
    expect(duplicates).toBe(50 * 20 - 20);
    expect(await countRecords(app.strapi, { device_id: 'racing-batch' })).toBe(20);
  });

  test('concurrent overlapping batches each answer the stored record per item', async () => {
    // Batch n carries events n … n+9: neighbours overlap, so a group of chunks sees its own repeats.
    const batchOf = (n: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        eGroup: 'test',
        eId: '1',
        deviceId: 'overlap-batch',
        ref: `ob-${n + i}`,
        intCounter: n + i,
      }));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) => device.post(URL).send({ data: batchOf(n) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
    const idByRef = new Map<string, number>();
    answers.forEach((answer, n) =>
      (answer.body.data as Array<{ index: number; status: string; id: number }>).forEach((item) => {
        expect(['created', 'duplicate']).toContain(item.status);
        const ref = `ob-${n + item.index}`;
        const seen = idByRef.get(ref);
        if (seen === undefined) idByRef.set(ref, item.id);
        else expect(item.id).toBe(seen);
      }),
    );
    const created = answers.reduce((sum, a) => sum + a.body.meta.created, 0);
    expect(created).toBe(21);
    expect(new Set(idByRef.values()).size).toBe(21);
    expect(await countRecords(app.strapi, { device_id: 'overlap-batch' })).toBe(21);
  });
});

describe('batches: POST /api/utilities/usage-records with { data: [ … ] }', () => {
  test('each record gets its outcome; valid records are stored even when others are rejected', async () => {
    await device.get(`${URL}/B1/1/batch-dev?ref=stored-before`);
    const res = await device.post(URL).send({
      data: [
        { eGroup: 'B1', eId: '1', deviceId: 'batch-dev', ref: 'b-1', intCounter: '9223372036854775807' },
        { eGroup: 'B1', eId: '1', deviceId: 'batch-dev', ref: 'b-1', intCounter: '1' },
        { eGroup: '9bad', eId: '1', deviceId: 'batch-dev' },
        { eGroup: 'B1', eId: '1', deviceId: 'batch-dev', ref: 'stored-before' },
        { eGroup: 'B1', eId: '1', deviceId: 'batch-dev', temperature: '-3.25' },
        ['not', 'an', 'object'],
        { eGroup: 'B1', eId: '1', deviceId: 'new-batch-device', intcounter: 'NaN' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ received: 7, created: 2, duplicates: 2, rejected: 3 });
    const [a, b, c, d, e, f, g] = res.body.data;
    expect(a).toMatchObject({ index: 0, status: 'created' });
    expect(b).toMatchObject({ index: 1, status: 'duplicate', id: a.id, repeatOf: 0 });
    expect(c).toMatchObject({ index: 2, status: 'rejected' });
    expect(c.message).toMatch(/reserved to the system/);
    expect(d).toMatchObject({ index: 3, status: 'duplicate' });
    expect(e).toMatchObject({ index: 4, status: 'created' });
    expect(f).toMatchObject({
      index: 5,
      status: 'rejected',
      message: expect.stringMatching(/must be a JSON object/),
    });
    expect(g).toMatchObject({
      index: 6,
      status: 'rejected',
      message: expect.stringMatching(/intcounter must be a whole number/),
    });

    const stored = await root.get('/utilities/usage-records?device=batch-dev&sort=dtu:asc&pageSize=10');
    expect(stored.body.data.map((r: { eventRef: string | null }) => r.eventRef).sort()).toEqual(
      ['b-1', 'stored-before', null].sort(),
    );
    expect(stored.body.data.find((r: { eventRef: string }) => r.eventRef === 'b-1')).toMatchObject({
      intCounter: '9223372036854775807',
      source: 'batch',
    });
    // A rejected record does not create its device.
    expect(await deviceRow('new-batch-device')).toBeNull();
  });

  test("each item's id is its own stored record, whether the batch stored every record or skipped some", async () => {
    // All new (on SQLite the ids come from the INSERT's last id, with no RETURNING), then the
    // same events again among new ones (the stored rows are read back).
    const item = (ref: string | null, intCounter: number) => ({
      eGroup: 'IDS',
      eId: '1',
      deviceId: 'ids-dev',
      ...(ref === null ? {} : { ref }),
      intCounter,
    });
    const first = [item('i-0', 0), item(null, 1), item('i-2', 2), item('i-3', 3)];
    const again = [item('i-4', 4), item('i-2', 5), item(null, 6), item('i-0', 7), item('i-8', 8)];
    for (const [data, statuses] of [
      [first, ['created', 'created', 'created', 'created']],
      [again, ['created', 'duplicate', 'created', 'duplicate', 'created']],
    ] as const) {
      const res = await device.post(URL).send({ data });
      expect(res.status).toBe(200);
      const items = res.body.data as Array<{ status: string; id: number }>;
      expect(items.map((i) => i.status)).toEqual(statuses);
      type Row = { id: number | string; device_id: string; event_ref: string | null; int_counter: unknown };
      const rows: Row[] = await app.strapi.db
        .connection('utilities_usage_records')
        .whereIn(
          'id',
          items.map((i) => i.id),
        )
        .select('id', 'device_id', 'event_ref', 'int_counter');
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      items.forEach((answer, i) => {
        const sent = data[i];
        const row = byId.get(answer.id)!;
        expect(row).toMatchObject({ device_id: sent.deviceId, event_ref: 'ref' in sent ? sent.ref : null });
        // A duplicate names the record its first send stored, with that send's counter.
        if (answer.status === 'created') expect(Number(row.int_counter)).toBe(sent.intCounter);
      });
    }
  });

  test('a batch of 1,000 is accepted; 1,001 is refused whole with 413', async () => {
    const make = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        eGroup: 'BIG',
        eId: '1',
        deviceId: 'bulk-dev',
        ref: `${prefix}-${i}`,
        intCounter: i,
      }));
    const ok = await device.post(URL).send({ data: make(1000, 'ok') });
    expect(ok.status).toBe(200);
    expect(ok.body.meta.created).toBe(1000);
    const refused = await device.post(URL).send({ data: make(1001, 'no') });
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toBe(
      'A batch holds at most 1000 records; this one has 1001. Send them in batches of 1000 or fewer.',
    );
    expect(await countRecords(app.strapi, { device_id: 'bulk-dev' })).toBe(1000);
  });

  test('the batch limit comes from the plugin config (usage.maxBatch)', async () => {
    const config = app.strapi.config;
    const before = config.get('plugin::utilities.usage.maxBatch');
    config.set('plugin::utilities.usage.maxBatch', 3);
    try {
      const res = await device
        .post(URL)
        .send({ data: Array.from({ length: 4 }, () => ({ eGroup: 'C', eId: '1', deviceId: 'cfg' })) });
      expect(res.status).toBe(413);
      expect(res.body.error.message).toMatch(/at most 3 records/);
    } finally {
      config.set('plugin::utilities.usage.maxBatch', before);
    }
  });

  test('envelope problems refuse the whole batch with 400', async () => {
    for (const body of [{ data: 'x' }, { records: [] }, { data: [], extra: 1 }, {}]) {
      const res = await device.post(URL).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/data/);
    }
    const array = await device.post(URL).send([{ eGroup: 'A', eId: '1', deviceId: 'x' }]);
    expect(array.status).toBe(400);
  });
});

describe('admin: GET /utilities/usage-records', () => {
  beforeAll(async () => {
    await device.post(URL).send({
      data: [
        { eGroup: 'LIST', eId: 'A', deviceId: 'list-1', ref: 'l1', dtu: '2024-03-01T10:00:00Z' },
        { eGroup: 'LIST', eId: 'A', deviceId: 'list-1', ref: 'l2', dtu: '2024-03-02T10:00:00Z' },
        { eGroup: 'LIST', eId: 'B', deviceId: 'list-1', ref: 'l3', dtu: '2024-03-03T10:00:00Z' },
        { eGroup: 'LIST', eId: 'A', deviceId: 'list-2', ref: 'l4', dtu: '2024-03-04T10:00:00Z' },
      ],
    });
  });

  test('filters by device, eGroup, eId and Dtu range; pages newest first', async () => {
    const all = await root.get('/utilities/usage-records?eGroup=LIST');
    expect(all.body.meta.pagination).toMatchObject({ total: 4, page: 1 });
    expect(all.body.data.map((r: { eventRef: string }) => r.eventRef)).toEqual(['l4', 'l3', 'l2', 'l1']);
    const byDevice = await root.get('/utilities/usage-records?eGroup=LIST&device=list-1&eId=A');
    expect(byDevice.body.data.map((r: { eventRef: string }) => r.eventRef)).toEqual(['l2', 'l1']);
    const range = await root.get(
      '/utilities/usage-records?eGroup=LIST&from=2024-03-02T00:00:00Z&to=2024-03-03T10:00:00Z',
    );
    expect(range.body.data.map((r: { eventRef: string }) => r.eventRef)).toEqual(['l3', 'l2']);
    const paged = await root.get('/utilities/usage-records?eGroup=LIST&pageSize=3&page=2');
    expect(paged.body.data.map((r: { eventRef: string }) => r.eventRef)).toEqual(['l1']);
    expect(paged.body.meta.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 2, total: 4 });
  });

  test('bad filters → 400', async () => {
    for (const query of [
      'from=yesterday',
      'to=2024-13-45',
      'from=2024-03-02&to=2024-03-01',
      'pageSize=1000',
      'sort=deviceId:asc',
      'source=fax',
    ]) {
      const res = await root.get(`/utilities/usage-records?${query}`);
      expect(res.status).toBe(400);
    }
  });

  test('needs usage-records.read (403 without, and 401 without a session)', async () => {
    expect((await app.http().get('/utilities/usage-records')).status).toBe(401);
    const none = await adminWith(app.strapi, app.http, ['devices.read', 'usage-records.import']);
    expect((await none.get('/utilities/usage-records')).status).toBe(403);
    const reader = await adminWith(app.strapi, app.http, ['usage-records.read']);
    expect((await reader.get('/utilities/usage-records')).status).toBe(200);
  });
});

describe('the usage module switched off', () => {
  test('device routes and admin routes answer 403 ModuleDisabledError, and nothing is stored', async () => {
    expect((await root.put('/utilities/settings', { modules: { usage: false } })).status).toBe(200);
    try {
      const res = await device.get(`${URL}/test/1/off-dev?ref=off`);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('ModuleDisabledError');
      expect((await device.post(URL).send({ data: [] })).status).toBe(403);
      const list = await root.get('/utilities/usage-records');
      expect(list.status).toBe(403);
      expect(list.body.error.name).toBe('ModuleDisabledError');
    } finally {
      await root.put('/utilities/settings', { modules: { usage: true } });
    }
    expect(await countRecords(app.strapi, { device_id: 'off-dev' })).toBe(0);
  });
});
