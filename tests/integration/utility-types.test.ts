import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { isUniqueViolation } from '../../server/http/db-errors';

/**
 * Utility types end to end: the guide's "Define utility types" rules, over HTTP,
 * on a real database.
 */
let app: TestApp;
let admin: Agent;

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

const create = (body: object) => admin.post('/utilities/utility-types', body);

describe('create', () => {
  test('stores every field and answers 201 with the record', async () => {
    const res = await create({
      code: 'WATER',
      name: 'Water',
      description: 'Cold water',
      identifierSchema: { fields: [{ key: 'meter_id', label: 'Meter ID' }] },
      displayOrder: 10,
      active: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      code: 'WATER',
      name: 'Water',
      description: 'Cold water',
      identifierSchema: { fields: [{ key: 'meter_id', label: 'Meter ID' }] },
      displayOrder: 10,
      active: true,
    });
    expect(typeof res.body.data.documentId).toBe('string');
    const read = await admin.get(`/utilities/utility-types/${res.body.data.documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.data.code).toBe('WATER');
  });

  test('defaults: active true, display order 0, no description or schema', async () => {
    const res = await create({ code: 'GAS', name: 'Gas' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      active: true,
      displayOrder: 0,
      description: null,
      identifierSchema: null,
    });
  });

  test('accepts the identifier schema as JSON text, as the admin form sends it', async () => {
    const res = await create({
      code: 'HEAT',
      name: 'Heat',
      identifierSchema: '{ "fields": [{ "key": "premise", "label": "Premise code" }] }',
    });
    expect(res.status).toBe(201);
    expect(res.body.data.identifierSchema).toEqual({ fields: [{ key: 'premise', label: 'Premise code' }] });
  });

  test('a duplicate code is refused with 409 and the first record is kept', async () => {
    const res = await create({ code: 'WATER', name: 'Another water' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('A utility type with code WATER already exists');
    const list = await admin.get('/utilities/utility-types?q=WATER');
    expect(list.body.data.map((t: { name: string }) => t.name)).toEqual(['Water']);
  });

  test('the code index is a real database unique index, not only an application check', async () => {
    const insert = () =>
      app.strapi.db.connection('utilities_utility_types').insert({
        document_id: `raw${Math.random()}`,
        code: 'RAW_DUP',
        name: 'Raw duplicate',
        display_order: 999,
        active: true,
      });
    await insert();
    // Errors from native drivers may come from another realm: check the shape, not instanceof.
    const error = await insert().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
  });

  test('concurrent creates of one code store exactly one', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => create({ code: 'RACE', name: 'Race' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const [{ n }] = await app.strapi.db
      .connection('utilities_utility_types')
      .where({ code: 'RACE' })
      .count({ n: '*' });
    expect(Number(n)).toBe(1);
  });
});

describe('bad input never yields a 500 and names the field', () => {
  const cases: [string, unknown, string][] = [
    ['missing code', { name: 'X' }, 'code'],
    ['lowercase code', { code: 'water', name: 'X' }, 'code'],
    ['spaced code', { code: 'COLD WATER', name: 'X' }, 'code'],
    ['code with dash', { code: 'COLD-WATER', name: 'X' }, 'code'],
    ['code too long', { code: 'A'.repeat(65), name: 'X' }, 'code'],
    ['code not a string', { code: 12, name: 'X' }, 'code'],
    ['missing name', { code: 'NONAME' }, 'name'],
    ['blank name', { code: 'BLANK', name: '   ' }, 'name'],
    ['name too long', { code: 'LONG', name: 'n'.repeat(256) }, 'name'],
    ['display order not an integer', { code: 'ORDER', name: 'X', displayOrder: 1.5 }, 'displayOrder'],
    ['display order as text', { code: 'ORDER', name: 'X', displayOrder: '3' }, 'displayOrder'],
    ['active not boolean', { code: 'ACT', name: 'X', active: 'yes' }, 'active'],
    ['unknown field', { code: 'UNK', name: 'X', colour: 'blue' }, 'colour'],
    ['schema not JSON', { code: 'S1', name: 'X', identifierSchema: '{ fields: [' }, 'identifierSchema'],
    ['schema without fields', { code: 'S2', name: 'X', identifierSchema: { keys: [] } }, 'identifierSchema'],
    [
      'schema field without label',
      { code: 'S3', name: 'X', identifierSchema: { fields: [{ key: 'a' }] } },
      'identifierSchema',
    ],
    [
      'schema duplicate keys',
      {
        code: 'S4',
        name: 'X',
        identifierSchema: {
          fields: [
            { key: 'a', label: 'A' },
            { key: 'a', label: 'B' },
          ],
        },
      },
      'identifierSchema',
    ],
    ['schema as array', { code: 'S5', name: 'X', identifierSchema: [] }, 'identifierSchema'],
  ];
  test.each(cases)('%s → 400', async (_label, body, field) => {
    const res = await create(body as object);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors[0].path[0]).toBe(field);
  });

  test('a duplicate-key schema error says which key', async () => {
    const res = await create({
      code: 'S6',
      name: 'X',
      identifierSchema: {
        fields: [
          { key: 'a', label: 'A' },
          { key: 'a', label: 'B' },
        ],
      },
    });
    expect(res.body.error.message).toContain('"a" is listed twice');
  });

  test('a body that is not JSON is a 400', async () => {
    const res = await app
      .http()
      .post('/utilities/utility-types')
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .send('{"code": "BROKEN", ');
    expect(res.status).toBe(400);
  });

  test('a JSON array body is a 400', async () => {
    const res = await admin.post('/utilities/utility-types', [{ code: 'ARR', name: 'x' }]);
    expect(res.status).toBe(400);
  });

  test('an id that does not exist is a 404 on read, update and delete', async () => {
    for (const res of [
      await admin.get('/utilities/utility-types/doesnotexist'),
      await admin.put('/utilities/utility-types/doesnotexist', { name: 'x' }),
      await admin.delete('/utilities/utility-types/doesnotexist'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });

  test('nothing was stored by the refused requests', async () => {
    const res = await admin.get('/utilities/utility-types?pageSize=100');
    const codes = res.body.data.map((t: { code: string }) => t.code);
    for (const code of [
      'NONAME',
      'BLANK',
      'LONG',
      'ORDER',
      'ACT',
      'UNK',
      'S1',
      'S2',
      'S3',
      'S4',
      'S5',
      'S6',
      'BROKEN',
      'ARR',
    ]) {
      expect(codes).not.toContain(code);
    }
  });
});

describe('update', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ code: 'ELECTRICITY', name: 'Electricity', displayOrder: 20 })).body.data.documentId;
  });

  test('changes only the fields sent', async () => {
    const res = await admin.put(`/utilities/utility-types/${id}`, { name: 'Electric energy', active: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      code: 'ELECTRICITY',
      name: 'Electric energy',
      active: false,
      displayOrder: 20,
    });
  });

  test('sending the stored code (a form sends the whole record) is fine', async () => {
    const res = await admin.put(`/utilities/utility-types/${id}`, {
      code: 'ELECTRICITY',
      name: 'Electricity',
    });
    expect(res.status).toBe(200);
  });

  test('changing the code answers 400 "The code can\'t be changed once saved" and keeps it', async () => {
    const res = await admin.put(`/utilities/utility-types/${id}`, { code: 'POWER' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("The code can't be changed once saved");
    expect((await admin.get(`/utilities/utility-types/${id}`)).body.data.code).toBe('ELECTRICITY');
  });

  test('clearing the identifier schema with null', async () => {
    await admin.put(`/utilities/utility-types/${id}`, {
      identifierSchema: { fields: [{ key: 'k', label: 'K' }] },
    });
    const res = await admin.put(`/utilities/utility-types/${id}`, { identifierSchema: null });
    expect(res.body.data.identifierSchema).toBeNull();
  });

  test('bad update input is a 400 naming the field', async () => {
    const res = await admin.put(`/utilities/utility-types/${id}`, { name: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['name']);
  });
});

describe('list', () => {
  test('sorted by display order then name, with meta.pagination', async () => {
    const res = await admin.get('/utilities/utility-types?pageSize=100');
    expect(res.status).toBe(200);
    const rows = res.body.data as { displayOrder: number; name: string }[];
    const sorted = [...rows].sort((a, b) => a.displayOrder - b.displayOrder || a.name.localeCompare(b.name));
    expect(rows.map((r) => r.name)).toEqual(sorted.map((r) => r.name));
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 100, total: rows.length });
  });

  test('filters by active', async () => {
    const inactive = await admin.get('/utilities/utility-types?active=false');
    expect(inactive.body.data.map((t: { code: string }) => t.code)).toEqual(['ELECTRICITY']);
    const active = await admin.get('/utilities/utility-types?active=true&pageSize=100');
    expect(active.body.data.every((t: { active: boolean }) => t.active)).toBe(true);
  });

  test('pages', async () => {
    const first = await admin.get('/utilities/utility-types?pageSize=2&page=1');
    const second = await admin.get('/utilities/utility-types?pageSize=2&page=2');
    expect(first.body.data).toHaveLength(2);
    expect(second.body.meta.pagination.page).toBe(2);
    expect(first.body.data[0].documentId).not.toBe(second.body.data[0].documentId);
  });

  test.each([
    ['active=maybe', 'active'],
    ['page=0', 'page'],
    ['pageSize=1000', 'pageSize'],
    ['sort=password:asc', 'sort'],
    ['sort=name:sideways', 'sort'],
  ])('bad query %s → 400', async (query, what) => {
    const res = await admin.get(`/utilities/utility-types?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(what);
  });
});

describe('delete', () => {
  test('deletes an unreferenced type', async () => {
    const id = (await create({ code: 'TEMP', name: 'Temporary' })).body.data.documentId;
    const res = await admin.delete(`/utilities/utility-types/${id}`);
    expect(res.status).toBe(200);
    expect((await admin.get(`/utilities/utility-types/${id}`)).status).toBe(404);
  });

  test('refuses with 409 and suggests deactivation while something references the type', async () => {
    const id = (await create({ code: 'REFERENCED', name: 'Referenced' })).body.data.documentId;
    app.strapi
      .plugin('utilities')
      .service('references')
      .register('plugin::utilities.utility-type', (documentId: string) =>
        Promise.resolve(documentId === id ? { label: 'test references', count: 2 } : null),
      );
    const res = await admin.delete(`/utilities/utility-types/${id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'Utility type REFERENCED is still used (2 test references). Deactivate it instead of deleting it.',
    );
    expect((await admin.get(`/utilities/utility-types/${id}`)).status).toBe(200);
  });
});
