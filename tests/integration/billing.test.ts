import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
  person,
} from '../helpers/billing';

/**
 * The billing-points guide over HTTP on a real database: buildings, billing
 * points, parties, occupancies and moves, coverage (vacancy billed to the
 * owner), meter installations, RFID badges, rates ("change prices") and usage
 * metrics — every rule, its conflicts (409 naming what is in the way) and bad
 * input (400, never 500).
 */
let app: TestApp;
let admin: Agent;
let owner: { documentId: string };
let building: { documentId: string };
let seq = 0;

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
  owner = await createParty(admin, {
    kind: 'legal',
    companyName: 'Immo Lac SA',
    email: 'office@immolac.example',
  });
  building = await createBuilding(admin, {
    code: 'LAKE',
    name: 'Lakeside',
    owner: owner.documentId,
    address: { line1: 'Rue du Lac 5', postalCode: '1003', city: 'Lausanne', country: 'CH' },
  });
});
afterAll(async () => app?.stop());

const newPoint = async (extra: Record<string, unknown> = {}) =>
  createPoint(admin, {
    code: `LAKE-${String(++seq).padStart(2, '0')}`,
    name: `Apartment ${seq}`,
    building: building.documentId,
    ...extra,
  });
const occupancies = (pointId: string) =>
  admin.get(`/utilities/billing-points/${pointId}/occupancies?sort=entryDate:asc`);
const count = (uid: string, where: object = {}) => app.strapi.db.query(uid).count({ where });

describe('buildings', () => {
  test('time zone defaults to the plugin config; address and owner come back', async () => {
    const res = await admin.get(`/utilities/buildings/${building.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      code: 'LAKE',
      timezone: 'Europe/Zurich',
      owner: { documentId: owner.documentId, kind: 'legal', displayName: 'Immo Lac SA' },
      address: { line1: 'Rue du Lac 5', line2: null, postalCode: '1003', city: 'Lausanne', country: 'CH' },
    });
  });

  test('code unique (409), time zone IANA (400), owner must exist (400), unknown id 404', async () => {
    const dup = await admin.post('/utilities/buildings', { code: 'LAKE', name: 'Again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('A building with code LAKE already exists');
    const zone = await admin.post('/utilities/buildings', {
      code: 'HILL',
      name: 'Hill',
      timezone: 'Europe/Atlantis',
    });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details.errors[0].path).toEqual(['timezone']);
    const ghost = await admin.post('/utilities/buildings', { code: 'HILL', name: 'Hill', owner: 'nope' });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.message).toBe('Party "nope" does not exist');
    expect((await admin.get('/utilities/buildings/does-not-exist')).status).toBe(404);
  });

  test('a building with billing points cannot be deleted; an empty one can', async () => {
    const hill = await createBuilding(admin, { code: 'HILL', name: 'Hill', timezone: 'America/New_York' });
    expect(hill.timezone).toBe('America/New_York');
    const point = await createPoint(admin, {
      code: 'HILL-01',
      name: 'Villa',
      kind: 'villa',
      building: hill.documentId,
    });
    const refused = await admin.delete(`/utilities/buildings/${hill.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('1 billing points');
    expect((await admin.delete(`/utilities/billing-points/${point.documentId}`)).status).toBe(200);
    expect((await admin.delete(`/utilities/buildings/${hill.documentId}`)).status).toBe(200);
  });
});

describe('billing points', () => {
  test('create with defaults; vacancy billed to the building owner unless the point has its own', async () => {
    const point = await newPoint();
    expect(point).toMatchObject({
      kind: 'apartment',
      active: true,
      owner: null,
      building: { code: 'LAKE', timezone: 'Europe/Zurich' },
      vacancyBilledTo: { displayName: 'Immo Lac SA' },
      currentOccupant: null,
    });
    const landlord = await person(admin, 'Lara', 'Landlord');
    const own = await newPoint({ owner: landlord.documentId, kind: 'parking', name: 'Parking 3' });
    expect(own).toMatchObject({
      kind: 'parking',
      owner: { displayName: 'Lara Landlord' },
      vacancyBilledTo: { displayName: 'Lara Landlord' },
    });
  });

  test('code unique and uppercase; building required and must exist; kind from the list', async () => {
    const first = await newPoint();
    const dup = await admin.post('/utilities/billing-points', {
      code: first.code,
      name: 'x',
      building: building.documentId,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.errors[0].path).toEqual(['code']);
    for (const [body, field] of [
      [{ code: 'lake-99', name: 'x', building: building.documentId }, 'code'],
      [{ code: 'LAKE-99', name: 'x' }, 'building'],
      [{ code: 'LAKE-99', name: 'x', building: 'missing' }, 'building'],
      [{ code: 'LAKE-99', name: 'x', building: building.documentId, kind: 'castle' }, 'kind'],
      [{ code: 'LAKE-99', name: '', building: building.documentId }, 'name'],
      [{ code: 'LAKE-99', name: 'x', building: building.documentId, floor: 2 }, 'floor'],
    ] as const) {
      const res = await admin.post('/utilities/billing-points', body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([field]);
    }
  });

  test('list: filter by building, kind and text; paging meta; sort allow-list', async () => {
    await newPoint({ kind: 'commercial', name: 'Bakery' });
    const res = await admin.get(
      `/utilities/billing-points?building=${building.documentId}&kind=commercial&q=bake&pageSize=5`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { name: string }) => p.name)).toEqual(['Bakery']);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 5, total: 1 });
    expect((await admin.get('/utilities/billing-points?sort=password:asc')).status).toBe(400);
    expect((await admin.get('/utilities/billing-points?kind=castle')).status).toBe(400);
  });

  test('renaming and deactivating; deleting one with history is refused', async () => {
    const point = await newPoint();
    const renamed = await admin.put(`/utilities/billing-points/${point.documentId}`, {
      name: 'Ground floor apartment',
      active: false,
    });
    expect(renamed.body.data).toMatchObject({ name: 'Ground floor apartment', active: false });
    const anna = await person(admin, 'Anna', 'History');
    await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
      party: anna.documentId,
      entryDate: '2020-01-01',
      exitDate: '2020-12-31',
    });
    const refused = await admin.delete(`/utilities/billing-points/${point.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.references).toEqual([{ label: 'occupancies', count: 1 }]);
  });
});

describe('parties', () => {
  test('natural and legal persons; names required per kind; display names', async () => {
    const anna = await createParty(admin, {
      kind: 'natural',
      firstName: 'Anna',
      lastName: 'Meier',
      email: 'Anna.Meier@Example.com',
      phone: '+41 79 555 11 22',
    });
    expect(anna).toMatchObject({
      kind: 'natural',
      displayName: 'Anna Meier',
      email: 'anna.meier@example.com',
      member: null,
    });
    const missing = await admin.post('/utilities/parties', { kind: 'legal', firstName: 'Contact' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['companyName']);
    const list = await admin.get('/utilities/parties?q=meier');
    expect(list.body.data.map((p: { displayName: string }) => p.displayName)).toContain('Anna Meier');
  });

  test('a member is a real users-permissions user, linked to one party at most', async () => {
    const user = await app.strapi.documents('plugin::users-permissions.user' as never).create({
      data: {
        username: 'member1',
        email: 'member1@example.test',
        provider: 'local',
        confirmed: true,
        blocked: false,
      } as never,
    });
    const userId = (user as unknown as { id: number }).id;
    const linked = await createParty(admin, { kind: 'natural', lastName: 'Member', member: userId });
    expect(linked.member).toBe(userId);
    const taken = await admin.post('/utilities/parties', {
      kind: 'natural',
      lastName: 'Other',
      member: userId,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('already linked to party Member');
    const ghost = await admin.post('/utilities/parties', {
      kind: 'natural',
      lastName: 'Other',
      member: 999999,
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.message).toBe('There is no users-permissions user with id 999999');
    expect(
      (await admin.put(`/utilities/parties/${linked.documentId}`, { member: null })).body.data.member,
    ).toBeNull();
  });

  test('deleting a party with occupancies, badges or ownerships is refused with the list; a party without history goes', async () => {
    const ben = await person(admin, 'Ben', 'Busy');
    const point = await newPoint();
    await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
      party: ben.documentId,
      entryDate: '2021-01-01',
      exitDate: '2021-03-31',
    });
    await admin.post('/utilities/rfid-badges', { uid: 'BE:EF:01', party: ben.documentId });
    const refused = await admin.delete(`/utilities/parties/${ben.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.references).toEqual([
      { label: 'occupancies', count: 1 },
      { label: 'RFID badges', count: 1 },
    ]);
    const ownerRefused = await admin.delete(`/utilities/parties/${owner.documentId}`);
    expect(ownerRefused.body.error.details.references).toEqual([{ label: 'buildings it owns', count: 1 }]);
    const free = await person(admin, 'Fred', 'Free');
    expect((await admin.delete(`/utilities/parties/${free.documentId}`)).status).toBe(200);
    expect((await admin.get(`/utilities/parties/${free.documentId}`)).status).toBe(404);
  });
});

describe('occupancies', () => {
  let point: { documentId: string };
  let anna: { documentId: string };
  let ben: { documentId: string };
  beforeAll(async () => {
    point = await newPoint();
    anna = await person(admin, 'Anna', 'First');
    ben = await person(admin, 'Ben', 'Second');
  });
  const add = (body: Record<string, unknown>) =>
    admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, body);

  test('entry and exit dates, both included; overlap is a 409 naming the conflicting occupancy', async () => {
    const first = await add({ party: anna.documentId, entryDate: '2022-01-01', exitDate: '2022-06-30' });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      party: { displayName: 'Anna First' },
      entryDate: '2022-01-01',
      exitDate: '2022-06-30',
    });
    const clash = await add({ party: ben.documentId, entryDate: '2022-06-30' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('already occupied by Anna First (2022-01-01 – 2022-06-30)');
    expect(clash.body.error.message).toContain('2022-07-01 at the earliest');
    expect(clash.body.error.details.conflicting).toMatchObject({
      documentId: first.body.data.documentId,
      entryDate: '2022-01-01',
      exitDate: '2022-06-30',
    });
    const next = await add({ party: ben.documentId, entryDate: '2022-07-01' });
    expect(next.status).toBe(201);
  });

  test('an open-ended occupancy blocks every later day', async () => {
    const later = await add({ party: anna.documentId, entryDate: '2030-01-01', exitDate: '2030-12-31' });
    expect(later.status).toBe(409);
    expect(later.body.error.details.conflicting.party.displayName).toBe('Ben Second');
  });

  test('exit before entry is a 400; unknown party 400; unknown billing point 404', async () => {
    const bad = await add({ party: anna.documentId, entryDate: '2021-05-02', exitDate: '2021-05-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['exitDate']);
    expect((await add({ party: 'ghost', entryDate: '2021-01-01' })).status).toBe(400);
    expect(
      (
        await admin.post('/utilities/billing-points/ghost/occupancies', {
          party: anna.documentId,
          entryDate: '2021-01-01',
        })
      ).status,
    ).toBe(404);
  });

  test('update: an occupancy may change its own dates but not into another; a foreign billing point is a 404', async () => {
    const list = (await occupancies(point.documentId)).body.data;
    const annas = list[0];
    expect(
      (
        await admin.put(`/utilities/billing-points/${point.documentId}/occupancies/${annas.documentId}`, {
          entryDate: '2021-12-01',
        })
      ).status,
    ).toBe(200);
    const into = await admin.put(
      `/utilities/billing-points/${point.documentId}/occupancies/${annas.documentId}`,
      { exitDate: '2022-07-01' },
    );
    expect(into.status).toBe(409);
    const other = await newPoint();
    expect(
      (
        await admin.put(`/utilities/billing-points/${other.documentId}/occupancies/${annas.documentId}`, {
          exitDate: '2022-06-29',
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin.delete(`/utilities/billing-points/${other.documentId}/occupancies/${annas.documentId}`))
        .status,
    ).toBe(404);
  });

  test('the current occupant shows on the billing point and in ?at lookups', async () => {
    const res = await admin.get(`/utilities/billing-points/${point.documentId}`);
    expect(res.body.data.currentOccupant).toMatchObject({
      party: { displayName: 'Ben Second' },
      entryDate: '2022-07-01',
      exitDate: null,
    });
    const past = await admin.get(`/utilities/billing-points/${point.documentId}/occupant?at=2022-03-15`);
    expect(past.body.data).toMatchObject({
      date: '2022-03-15',
      occupancy: { party: { displayName: 'Anna First' } },
    });
    const none = await admin.get(`/utilities/billing-points/${point.documentId}/occupant?at=2020-01-01`);
    expect(none.body.data.occupancy).toBeNull();
    const history = await admin.get(`/utilities/occupancies?party=${anna.documentId}`);
    expect(
      history.body.data.map((o: { billingPoint: { documentId: string } }) => o.billingPoint.documentId),
    ).toEqual([point.documentId]);
  });
});

describe('moves', () => {
  let point: { documentId: string };
  let current: { documentId: string };
  beforeEach(async () => {
    point = await newPoint();
    const tenant = await person(admin, 'Theo', `Tenant${seq}`);
    current = (
      await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: tenant.documentId,
        entryDate: '2023-01-01',
      })
    ).body.data;
  });
  const move = (body: unknown) => admin.post(`/utilities/billing-points/${point.documentId}/move`, body);

  test('exit date + a new occupant created in the same step; entry defaults to the day after the exit', async () => {
    const res = await move({
      exitDate: '2024-06-30',
      occupancy: current.documentId,
      newOccupant: { party: { kind: 'natural', firstName: 'Nora', lastName: 'New' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.ended).toMatchObject({ documentId: current.documentId, exitDate: '2024-06-30' });
    expect(res.body.data.started).toMatchObject({
      party: { displayName: 'Nora New' },
      entryDate: '2024-07-01',
      exitDate: null,
    });
    expect(res.body.data.createdParty).toBe(res.body.data.started.party.documentId);
    const cov = await admin.get(
      `/utilities/billing-points/${point.documentId}/coverage?from=2024-06-01&to=2024-07-31`,
    );
    expect(
      cov.body.data.periods.map(
        (p: { from: string; to: string; status: string; party: { displayName: string } }) => [
          p.from,
          p.to,
          p.status,
          p.party.displayName,
        ],
      ),
    ).toEqual([
      ['2024-06-01', '2024-06-30', 'occupied', `Theo Tenant${seq}`],
      ['2024-07-01', '2024-07-31', 'occupied', 'Nora New'],
    ]);
  });

  test('same-day move-out and move-in: entry on the exit date is a 409 and nothing changes', async () => {
    const before = await count('plugin::utilities.party');
    const res = await move({
      exitDate: '2024-06-30',
      newOccupant: { party: { kind: 'natural', lastName: 'Sameday' }, entryDate: '2024-06-30' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('2024-07-01 at the earliest');
    const list = (await occupancies(point.documentId)).body.data;
    expect(list).toHaveLength(1);
    expect(list[0].exitDate).toBeNull();
    expect(await count('plugin::utilities.party')).toBe(before);
  });

  test('an existing party with a later entry leaves a vacancy billed to the owner; a move without a next occupant just ends', async () => {
    const next = await person(admin, 'Vera', 'Later');
    const res = await move({
      exitDate: '2024-03-31',
      newOccupant: { party: next.documentId, entryDate: '2024-05-01' },
    });
    expect(res.status).toBe(200);
    const cov = await admin.get(
      `/utilities/billing-points/${point.documentId}/coverage?from=2024-03-01&to=2024-05-31`,
    );
    expect(
      cov.body.data.periods.map(
        (p: { status: string; billedTo: string; party: { displayName: string }; days: number }) => [
          p.status,
          p.billedTo,
          p.party.displayName,
          p.days,
        ],
      ),
    ).toEqual([
      ['occupied', 'occupant', `Theo Tenant${seq}`, 31],
      ['vacant', 'owner', 'Immo Lac SA', 30],
      ['occupied', 'occupant', 'Vera Later', 31],
    ]);
    const end = await move({ exitDate: '2024-12-31' });
    expect(end.status).toBe(200);
    expect(end.body.data.started).toBeNull();
  });

  test('a failing second half leaves nothing changed (one transaction)', async () => {
    // The new party names a member user that another party already holds: the party insert — after the
    // current occupant's exit date was written — is refused, and the whole move rolls back.
    const user = await app.strapi.documents('plugin::users-permissions.user' as never).create({
      data: {
        username: `holder${seq}`,
        email: `holder${seq}@example.test`,
        provider: 'local',
        confirmed: true,
      } as never,
    });
    const userId = (user as unknown as { id: number }).id;
    await createParty(admin, { kind: 'natural', lastName: `Holder${seq}`, member: userId });
    const parties = await count('plugin::utilities.party');
    const res = await move({
      exitDate: '2024-06-30',
      newOccupant: { party: { kind: 'natural', lastName: 'Rollback', member: userId } },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`User #${userId} is already linked`);
    const list = (await occupancies(point.documentId)).body.data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ documentId: current.documentId, exitDate: null });
    expect(await count('plugin::utilities.party')).toBe(parties);
    expect(await count('plugin::utilities.party', { lastName: 'Rollback' })).toBe(0);
  });

  test('conflicts: a stale occupancy, an exit before the entry, nobody to move out', async () => {
    const stale = await move({ exitDate: '2024-06-30', occupancy: 'someone-else' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('no longer the current one');
    expect(stale.body.error.details.current.documentId).toBe(current.documentId);
    expect((await move({ exitDate: '2022-12-31' })).status).toBe(409);
    const empty = await newPoint();
    const nobody = await admin.post(`/utilities/billing-points/${empty.documentId}/move`, {
      exitDate: '2024-06-30',
    });
    expect(nobody.status).toBe(409);
    expect(nobody.body.error.message).toContain('Nobody occupies');
  });

  test.each([
    [{}, 'exitDate'],
    [{ exitDate: '30.06.2024' }, 'exitDate'],
    [{ exitDate: '2024-06-30', newOccupant: 'x' }, 'newOccupant'],
    [{ exitDate: '2024-06-30', newOccupant: {} }, 'newOccupant'],
    [{ exitDate: '2024-06-30', newOccupant: { party: { kind: 'natural' } } }, 'newOccupant'],
    [{ exitDate: '2024-06-30', newOccupant: { party: 'ghost' } }, 'newOccupant.party'],
    [{ exitDate: '2024-06-30', newOccupant: { party: ['a'] } }, 'newOccupant'],
    [{ exitDate: '2024-06-30', extra: 1 }, 'extra'],
    [[], undefined],
    ['text', undefined],
  ])('bad move %j → 400', async (body, field) => {
    const res = await move(body);
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.details.errors[0].path.join('.')).toContain(field);
    expect((await occupancies(point.documentId)).body.data[0].exitDate).toBeNull();
  });
});

describe('coverage', () => {
  test('vacancy at both ends is billed to the owner; the periods cover the range exactly', async () => {
    const landlord = await person(admin, 'Leo', 'Landlord');
    const point = await newPoint({ owner: landlord.documentId });
    const tenant = await person(admin, 'Tina', 'Tenant');
    await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
      party: tenant.documentId,
      entryDate: '2024-03-01',
      exitDate: '2024-08-31',
    });
    const res = await admin.get(
      `/utilities/billing-points/${point.documentId}/coverage?from=2024-01-01&to=2024-12-31`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ from: '2024-01-01', to: '2024-12-31', timezone: 'Europe/Zurich' });
    expect(res.body.data.periods).toEqual([
      {
        from: '2024-01-01',
        to: '2024-02-29',
        days: 60,
        status: 'vacant',
        billedTo: 'owner',
        party: expect.objectContaining({ displayName: 'Leo Landlord' }),
        occupancy: null,
      },
      {
        from: '2024-03-01',
        to: '2024-08-31',
        days: 184,
        status: 'occupied',
        billedTo: 'occupant',
        party: expect.objectContaining({ displayName: 'Tina Tenant' }),
        occupancy: expect.any(String),
      },
      {
        from: '2024-09-01',
        to: '2024-12-31',
        days: 122,
        status: 'vacant',
        billedTo: 'owner',
        party: expect.objectContaining({ displayName: 'Leo Landlord' }),
        occupancy: null,
      },
    ]);
  });

  test('an open-ended occupancy covers to the end; bad ranges are 400s', async () => {
    const point = await newPoint();
    const tenant = await person(admin, 'Otto', 'Open');
    await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
      party: tenant.documentId,
      entryDate: '2020-01-01',
    });
    const res = await admin.get(
      `/utilities/billing-points/${point.documentId}/coverage?from=2024-01-01&to=2024-01-31`,
    );
    expect(res.body.data.periods).toHaveLength(1);
    expect(res.body.data.periods[0]).toMatchObject({ status: 'occupied', days: 31 });
    for (const q of [
      '',
      '?from=2024-01-01',
      '?from=2024-02-01&to=2024-01-01',
      '?from=2000-01-01&to=2024-01-01',
      '?from=yesterday&to=today',
      '?from=2024-01-01&from=2024-02-01&to=2024-03-01',
    ]) {
      expect((await admin.get(`/utilities/billing-points/${point.documentId}/coverage${q}`)).status).toBe(
        400,
      );
    }
    expect(
      (await admin.get('/utilities/billing-points/ghost/coverage?from=2024-01-01&to=2024-01-31')).status,
    ).toBe(404);
  });
});

describe('meter installations', () => {
  let water: Awaited<ReturnType<typeof meterSetup>>;
  let power: Awaited<ReturnType<typeof meterSetup>>;
  beforeAll(async () => {
    water = await meterSetup(admin, 'WATER');
    power = await meterSetup(admin, 'ELECTRICITY');
  });

  test('a meter is at one billing point at a time; unlinking keeps the history; a replacement mid-year', async () => {
    const a = await newPoint();
    const b = await newPoint();
    const meter = await createMeter(admin, 'WM-100', water);
    const installed = await admin.post(`/utilities/billing-points/${a.documentId}/meters`, {
      device: meter.documentId,
      from: '2024-01-01',
    });
    expect(installed.status).toBe(201);
    expect(installed.body.data).toMatchObject({
      from: '2024-01-01',
      to: null,
      device: { meterNumber: 'WM-100', utilityType: { code: 'WATER' } },
    });
    const elsewhere = await admin.post(`/utilities/billing-points/${b.documentId}/meters`, {
      device: meter.documentId,
      from: '2024-07-01',
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.message).toContain(`set that installation's "to" to 2024-06-30`);
    expect(elsewhere.body.error.details.conflicting).toMatchObject({
      documentId: installed.body.data.documentId,
      billingPoint: a.documentId,
    });

    const unlinked = await admin.put(
      `/utilities/billing-points/${a.documentId}/meters/${installed.body.data.documentId}`,
      { to: '2024-06-30' },
    );
    expect(unlinked.body.data).toMatchObject({ from: '2024-01-01', to: '2024-06-30' });
    expect(
      (
        await admin.post(`/utilities/billing-points/${b.documentId}/meters`, {
          device: meter.documentId,
          from: '2024-07-01',
        })
      ).status,
    ).toBe(201);

    // Replacement at A: a new meter from July.
    const replacement = await createMeter(admin, 'WM-101', water);
    expect(
      (
        await admin.post(`/utilities/billing-points/${a.documentId}/meters`, {
          device: replacement.documentId,
          from: '2024-07-01',
        })
      ).status,
    ).toBe(201);
    const history = await admin.get(`/utilities/billing-points/${a.documentId}/meters`);
    expect(
      history.body.data.map((i: { device: { meterNumber: string }; from: string; to: string | null }) => [
        i.device.meterNumber,
        i.from,
        i.to,
      ]),
    ).toEqual([
      ['WM-100', '2024-01-01', '2024-06-30'],
      ['WM-101', '2024-07-01', null],
    ]);
    const inJune = await admin.get(`/utilities/billing-points/${a.documentId}/meters?at=2024-06-15`);
    expect(inJune.body.data.map((i: { device: { meterNumber: string } }) => i.device.meterNumber)).toEqual([
      'WM-100',
    ]);
    const meterHistory = await admin.get(
      `/utilities/meter-installations?device=${meter.documentId}&sort=fromDate:asc`,
    );
    expect(
      meterHistory.body.data.map((i: { billingPoint: { documentId: string } }) => i.billingPoint.documentId),
    ).toEqual([a.documentId, b.documentId]);
  });

  test("a billing point's meters come grouped by utility", async () => {
    const point = await newPoint();
    const w = await createMeter(admin, 'WM-200', water);
    const e = await createMeter(admin, 'EM-200', power);
    await admin.post(`/utilities/billing-points/${point.documentId}/meters`, {
      device: w.documentId,
      from: '2024-01-01',
    });
    await admin.post(`/utilities/billing-points/${point.documentId}/meters`, {
      device: e.documentId,
      from: '2024-01-01',
    });
    const res = await admin.get(`/utilities/billing-points/${point.documentId}/meters`);
    expect(
      res.body.data.map((i: { device: { utilityType: { code: string } } }) => i.device.utilityType.code),
    ).toEqual(['ELECTRICITY', 'WATER']);
  });

  test('link a meter and create its billing point in the same step; a refused billing point creates nothing', async () => {
    const meter = await createMeter(admin, 'EM-300', power);
    const res = await admin.post('/utilities/meter-installations', {
      device: meter.documentId,
      from: '2024-02-01',
      billingPoint: { code: 'LAKE-ATTIC', name: 'Attic studio', building: building.documentId },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      billingPoint: { code: 'LAKE-ATTIC', name: 'Attic studio' },
      device: { meterNumber: 'EM-300' },
    });
    const other = await createMeter(admin, 'EM-301', power);
    const installs = await count('plugin::utilities.meter-installation');
    const dup = await admin.post('/utilities/meter-installations', {
      device: other.documentId,
      from: '2024-02-01',
      billingPoint: { code: 'LAKE-ATTIC', name: 'Again', building: building.documentId },
    });
    expect(dup.status).toBe(409);
    expect(await count('plugin::utilities.meter-installation')).toBe(installs);
    const existing = await admin.post('/utilities/meter-installations', {
      device: other.documentId,
      from: '2024-02-01',
      billingPoint: res.body.data.billingPoint.documentId,
    });
    expect(existing.status).toBe(201);
  });

  test('a device installed at a billing point cannot be deleted', async () => {
    const point = await newPoint();
    const meter = await createMeter(admin, 'WM-400', water);
    await admin.post(`/utilities/billing-points/${point.documentId}/meters`, {
      device: meter.documentId,
      from: '2024-01-01',
    });
    const res = await admin.delete(`/utilities/devices/${meter.documentId}`);
    expect(res.status).toBe(409);
    expect(res.body.error.details.references).toEqual([
      { label: 'installations at billing points', count: 1 },
    ]);
  });

  test.each([
    [{ from: '2024-01-01' }, 'device'],
    [{ device: 'ghost', from: '2024-01-01' }, 'device'],
    [{ device: 'x', from: '2024-02-30' }, 'from'],
    [{ device: 'x', from: '2024-02-01', to: '2024-01-31' }, 'to'],
    [{ device: 'x', from: '2024-02-01', billingPoint: 'y' }, 'billingPoint'],
  ])('bad installation %j → 400 on %s', async (body, field) => {
    const point = await newPoint();
    const res = await admin.post(`/utilities/billing-points/${point.documentId}/meters`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual([field]);
  });
});

describe('RFID badges', () => {
  let holder: { documentId: string };
  beforeAll(async () => {
    holder = await person(admin, 'Rita', 'Reader');
  });

  test('UIDs are stored normalised; another spelling of the same badge is a duplicate (409)', async () => {
    const res = await admin.post('/utilities/rfid-badges', {
      uid: '04:a3:2b:1c',
      party: holder.documentId,
      label: 'Laundry card',
      validFrom: '2024-01-01',
      validTo: '2024-12-31',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      uid: '04A32B1C',
      party: { displayName: 'Rita Reader' },
      active: true,
      label: 'Laundry card',
    });
    const dup = await admin.post('/utilities/rfid-badges', { uid: '04-A3-2B-1C', party: holder.documentId });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('held by Rita Reader');
    expect((await admin.get('/utilities/rfid-badges?q=04:a3')).body.data).toHaveLength(1);
  });

  test('lookup finds the holder for any spelling on a valid day; otherwise 404 with the reason', async () => {
    const ok = await admin.get('/utilities/rfid-badges/lookup?uid=04 a3 2b 1c&at=2024-06-15');
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({
      uid: '04A32B1C',
      date: '2024-06-15',
      party: { displayName: 'Rita Reader' },
    });
    // An instant counts on its date in the default time zone (Europe/Zurich): 23:30Z on 31 Dec is 1 Jan there.
    const late = await admin.get(
      `/utilities/rfid-badges/lookup?uid=04A32B1C&at=${encodeURIComponent('2024-12-31T23:30:00Z')}`,
    );
    expect(late.status).toBe(404);
    expect(late.body.error.message).toBe(
      'Badge 04A32B1C identifies nobody on 2025-01-01: the badge was valid until 2024-12-31',
    );
    expect(
      (await admin.get('/utilities/rfid-badges/lookup?uid=04A32B1C&at=2023-12-31')).body.error.details.reason,
    ).toBe('the badge is valid from 2024-01-01');
    expect((await admin.get('/utilities/rfid-badges/lookup?uid=FFFF&at=2024-06-15')).status).toBe(404);
    expect((await admin.get('/utilities/rfid-badges/lookup?uid=not-hex')).status).toBe(400);
    expect((await admin.get('/utilities/rfid-badges/lookup')).status).toBe(400);
    expect((await admin.get('/utilities/rfid-badges/lookup?uid=04&at=soon')).status).toBe(400);
  });

  test('deactivating or reassigning a badge changes the lookup', async () => {
    const badge = (await admin.post('/utilities/rfid-badges', { uid: 'AA:BB:CC', party: holder.documentId }))
      .body.data;
    const next = await person(admin, 'Nils', 'Next');
    expect(
      (await admin.put(`/utilities/rfid-badges/${badge.documentId}`, { party: next.documentId })).status,
    ).toBe(200);
    expect(
      (await admin.get('/utilities/rfid-badges/lookup?uid=aabbcc&at=2024-06-01')).body.data.party.displayName,
    ).toBe('Nils Next');
    await admin.put(`/utilities/rfid-badges/${badge.documentId}`, { active: false });
    const off = await admin.get('/utilities/rfid-badges/lookup?uid=aabbcc&at=2024-06-01');
    expect(off.status).toBe(404);
    expect(off.body.error.details.reason).toBe('the badge is deactivated');
  });

  test.each([
    [{ uid: 'ZZ', party: 'p' }, 'uid'],
    [{ uid: '', party: 'p' }, 'uid'],
    [{ uid: 42.5, party: 'p' }, 'uid'],
    [{ uid: 'AB' }, 'party'],
    [{ uid: 'AB', party: 'ghost' }, 'party'],
    [{ uid: 'AB', party: 'p', validFrom: '2024-02-01', validTo: '2024-01-01' }, 'validTo'],
  ])('bad badge %j → 400 on %s', async (body, field) => {
    const res = await admin.post(
      '/utilities/rfid-badges',
      (body as { party?: string }).party === 'p' ? { ...body, party: holder.documentId } : body,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual([field]);
  });
});

describe('rates', () => {
  let electricity: { documentId: string };
  let point: { documentId: string; code: string };
  beforeAll(async () => {
    electricity =
      (await admin.get('/utilities/utility-types?q=ELECTRICITY')).body.data[0] ??
      (await meterSetup(admin, 'ELECTRICITY')).utilityType;
    point = await newPoint();
  });
  const rate = (body: Record<string, unknown>) =>
    admin.post('/utilities/rates', {
      utilityType: electricity.documentId,
      vatRate: '8.1',
      currency: 'CHF',
      ...body,
    });
  const effective = (at: string, target = `utilityType=${electricity.documentId}`) =>
    admin.get(`/utilities/rates/effective?billingPoint=${point.documentId}&${target}&at=${at}`);

  test('change prices: a rate from a date closes the open one the day before', async () => {
    const first = await rate({
      scope: 'default',
      validFrom: '2024-01-01',
      unitPrice: '0.25',
      fixedFeePerMonth: '5.00',
    });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      scope: 'default',
      validFrom: '2024-01-01',
      validTo: null,
      unitPrice: '0.25',
      fixedFeePerMonth: '5',
      vatRate: '8.1',
      currency: 'CHF',
      utilityType: { documentId: electricity.documentId },
    });
    expect(first.body.meta.closed).toEqual([]);
    const change = await rate({ scope: 'default', validFrom: '2024-07-01', unitPrice: '0.31' });
    expect(change.status).toBe(201);
    expect(change.body.meta.closed).toEqual([
      { documentId: first.body.data.documentId, validTo: '2024-06-30' },
    ]);
    expect((await admin.get(`/utilities/rates/${first.body.data.documentId}`)).body.data.validTo).toBe(
      '2024-06-30',
    );
    expect((await effective('2024-06-30')).body.data.rate.unitPrice).toBe('0.25');
    expect((await effective('2024-07-01')).body.data.rate.unitPrice).toBe('0.31');
  });

  test('no overlapping validity in one target and scope (409 naming the rate); other scopes may overlap', async () => {
    const clash = await rate({ scope: 'default', validFrom: '2024-07-01', unitPrice: '1' });
    expect(clash.status).toBe(409);
    const inside = await rate({
      scope: 'default',
      validFrom: '2024-03-01',
      validTo: '2024-03-31',
      unitPrice: '1',
    });
    expect(inside.status).toBe(409);
    expect(inside.body.error.details.conflicting.validTo).toBe('2024-06-30');
    expect(
      (
        await rate({
          scope: 'building',
          building: building.documentId,
          validFrom: '2024-09-01',
          unitPrice: '0.28',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await rate({
          scope: 'billing-point',
          billingPoint: point.documentId,
          validFrom: '2024-10-01',
          validTo: '2024-10-31',
          unitPrice: '0.10',
        })
      ).status,
    ).toBe(201);
  });

  test('effective rate: billing point, then building, then default; both validity ends included', async () => {
    const at = async (date: string) => {
      const res = await effective(date);
      return res.status === 200 ? [res.body.data.scope, res.body.data.rate.unitPrice] : res.status;
    };
    expect(await at('2024-08-31')).toEqual(['default', '0.31']);
    expect(await at('2024-09-01')).toEqual(['building', '0.28']);
    expect(await at('2024-10-01')).toEqual(['billing-point', '0.1']);
    expect(await at('2024-10-31')).toEqual(['billing-point', '0.1']);
    expect(await at('2024-11-01')).toEqual(['building', '0.28']);
    expect(await at('2023-12-31')).toBe(404);
    const byCode = await effective('2024-10-15', 'utilityType=ELECTRICITY');
    expect(byCode.body.data).toMatchObject({
      scope: 'billing-point',
      target: { code: 'ELECTRICITY' },
      billingPoint: { code: point.code },
      date: '2024-10-15',
    });
    const all = await admin.get(`/utilities/rates/effective?billingPoint=${point.documentId}&at=2024-09-15`);
    expect(
      all.body.data.rates.map((r: { target: { code: string }; scope: string }) => [r.target.code, r.scope]),
    ).toEqual([['ELECTRICITY', 'building']]);
    const none = await effective('2023-12-31');
    expect(none.body.error.message).toContain('No rate for');
    for (const q of [
      '',
      `billingPoint=${point.documentId}&utilityType=NOPE`,
      `billingPoint=ghost&utilityType=ELECTRICITY`,
      `billingPoint=${point.documentId}&at=31.12.2024`,
    ]) {
      expect([400, 404]).toContain((await admin.get(`/utilities/rates/effective?${q}`)).status);
    }
  });

  test('graduated tiers; exact decimals; ISO currencies; target and scope are permanent', async () => {
    const gas = (await meterSetup(admin, 'GAS')).utilityType;
    const tiered = await admin.post('/utilities/rates', {
      utilityType: gas.documentId,
      scope: 'default',
      validFrom: '2024-01-01',
      tiers: [
        { upTo: '100', unitPrice: '0.10' },
        { upTo: null, unitPrice: '0.15' },
      ],
      vatRate: 0,
      currency: 'EUR',
    });
    expect(tiered.status).toBe(201);
    expect(tiered.body.data).toMatchObject({
      unitPrice: null,
      tiers: [
        { upTo: '100', unitPrice: '0.1' },
        { upTo: null, unitPrice: '0.15' },
      ],
      currency: 'EUR',
      vatRate: '0',
    });
    const moved = await admin.put(`/utilities/rates/${tiered.body.data.documentId}`, {
      scope: 'building',
      building: building.documentId,
    });
    expect(moved.status).toBe(400);
    const closed = await admin.put(`/utilities/rates/${tiered.body.data.documentId}`, {
      validTo: '2024-12-31',
      unitPrice: '0.12',
    });
    expect(closed.body.data).toMatchObject({ validTo: '2024-12-31', unitPrice: '0.12', tiers: null });
    for (const [body, field] of [
      [{ currency: 'XYZ' }, 'currency'],
      [{ unitPrice: '1e2' }, 'unitPrice'],
      [{ unitPrice: 0.1, vatRate: '120' }, 'vatRate'],
      [{ scope: 'building' }, 'building'],
      [{ building: 'ghost', scope: 'building' }, 'building'],
      [{ utilityType: 'ghost' }, 'utilityType'],
    ] as const) {
      const res = await rate({ scope: 'default', validFrom: '2030-01-01', unitPrice: '1', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([field]);
    }
    const refused = await admin.delete(`/utilities/utility-types/${gas.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.references).toEqual(
      expect.arrayContaining([{ label: 'rates', count: 1 }]),
    );
  });

  test('list filters: appliesTo a billing point, scope, at', async () => {
    const res = await admin.get(
      `/utilities/rates?appliesTo=${point.documentId}&utilityType=ELECTRICITY&sort=validFrom:asc`,
    );
    expect(
      res.body.data.map((r: { scope: string; validFrom: string }) => `${r.scope}@${r.validFrom}`),
    ).toEqual([
      'default@2024-01-01',
      'default@2024-07-01',
      'building@2024-09-01',
      'billing-point@2024-10-01',
    ]);
    const atDay = await admin.get(
      `/utilities/rates?appliesTo=${point.documentId}&at=2024-10-15&utilityType=ELECTRICITY`,
    );
    expect(atDay.body.data).toHaveLength(3);
    expect((await admin.get('/utilities/rates?scope=everywhere')).status).toBe(400);
  });
});

describe('usage metrics', () => {
  test('CRUD with a permanent code; rates price them; in use → delete refused', async () => {
    const created = await admin.post('/utilities/usage-metrics', {
      code: 'LAUNDRY_CYCLES',
      name: 'Laundry cycles',
      eGroup: 'laundry',
      aggregation: 'count',
      unit: 'cycle',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      code: 'LAUNDRY_CYCLES',
      eGroup: 'laundry',
      eId: null,
      field: 'intCounter',
      aggregation: 'count',
      unit: 'cycle',
    });
    expect(
      (
        await admin.post('/utilities/usage-metrics', {
          code: 'LAUNDRY_CYCLES',
          name: 'x',
          eGroup: 'laundry',
          aggregation: 'count',
          unit: 'u',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await admin.post('/utilities/usage-metrics', {
          code: 'EV',
          name: 'x',
          eGroup: '9system',
          aggregation: 'sum',
          unit: 'kWh',
        })
      ).status,
    ).toBe(400);
    expect(
      (await admin.put(`/utilities/usage-metrics/${created.body.data.documentId}`, { code: 'OTHER' })).status,
    ).toBe(400);
    const rate = await admin.post('/utilities/rates', {
      usageMetric: created.body.data.documentId,
      scope: 'default',
      validFrom: '2024-01-01',
      unitPrice: '2.50',
      vatRate: '8.1',
      currency: 'CHF',
    });
    expect(rate.status).toBe(201);
    expect(rate.body.data.usageMetric).toMatchObject({ code: 'LAUNDRY_CYCLES' });
    const point = await newPoint();
    const eff = await admin.get(
      `/utilities/rates/effective?billingPoint=${point.documentId}&usageMetric=LAUNDRY_CYCLES&at=2024-05-05`,
    );
    expect(eff.body.data.rate.unitPrice).toBe('2.5');
    const refused = await admin.delete(`/utilities/usage-metrics/${created.body.data.documentId}`);
    expect(refused.status).toBe(409);
    expect((await admin.get('/utilities/usage-metrics?active=true')).status).toBe(200);
  });
});

describe('bad input never yields a 500', () => {
  // Raw JSON texts, so non-objects reach the server as sent.
  const hostile = [
    '[]',
    '"text"',
    '42',
    'null',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    JSON.stringify({ code: 'x'.repeat(100_000) }),
    '{"code":{"$gt":""}}',
    '{"code":',
  ];
  const raw = (url: string, text: string) =>
    app
      .http()
      .post(url)
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .send(text);
  const routes = [
    '/utilities/buildings',
    '/utilities/billing-points',
    '/utilities/parties',
    '/utilities/rfid-badges',
    '/utilities/rates',
    '/utilities/usage-metrics',
    '/utilities/meter-installations',
  ];
  test.each(routes)('POST %s with hostile bodies → 400', async (route) => {
    for (const text of hostile) {
      const res = await raw(route, text);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
  });

  test('PUT with hostile bodies → 400 on every billing resource', async () => {
    const point = await newPoint();
    const party = await person(admin, 'Hostile', 'Target');
    const badge = (
      await admin.post('/utilities/rfid-badges', { uid: 'DE:AD:BE:EF', party: party.documentId })
    ).body.data;
    const metric = (
      await admin.post('/utilities/usage-metrics', {
        code: 'HOSTILE',
        name: 'h',
        eGroup: 'h',
        aggregation: 'count',
        unit: 'u',
      })
    ).body.data;
    const rate = (
      await admin.post('/utilities/rates', {
        usageMetric: metric.documentId,
        scope: 'default',
        validFrom: '2024-01-01',
        unitPrice: '1',
        vatRate: '0',
        currency: 'CHF',
      })
    ).body.data;
    const occupancy = (
      await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: party.documentId,
        entryDate: '2024-01-01',
      })
    ).body.data;
    const targets = [
      `/utilities/buildings/${building.documentId}`,
      `/utilities/billing-points/${point.documentId}`,
      `/utilities/parties/${party.documentId}`,
      `/utilities/rfid-badges/${badge.documentId}`,
      `/utilities/usage-metrics/${metric.documentId}`,
      `/utilities/rates/${rate.documentId}`,
      `/utilities/billing-points/${point.documentId}/occupancies/${occupancy.documentId}`,
    ];
    const bodies = [
      '[]',
      '"text"',
      '{"name":{"$ne":null}}',
      '{"exitDate":{"$gt":""}}',
      '{"validTo":12}',
      '{"unknown":1}',
      JSON.stringify({ name: 'x'.repeat(10_000) }),
    ];
    for (const url of targets) {
      for (const text of bodies) {
        const res = await app
          .http()
          .put(url)
          .set('Authorization', `Bearer ${admin.token}`)
          .set('Content-Type', 'application/json')
          .send(text);
        expect(res.status).toBe(400);
      }
    }
  });

  test('nested routes with hostile bodies and ids → 400/404, never 500', async () => {
    const point = await newPoint();
    for (const sub of ['occupancies', 'meters', 'move']) {
      for (const text of hostile) {
        const res = await raw(`/utilities/billing-points/${point.documentId}/${sub}`, text);
        expect(res.status).toBe(400);
      }
      const weird = await admin.post(
        `/utilities/billing-points/${encodeURIComponent("' OR 1=1 --")}/${sub}`,
        { party: 'x', entryDate: '2024-01-01', exitDate: '2024-06-30', device: 'x', from: '2024-01-01' },
      );
      expect([400, 404]).toContain(weird.status);
    }
    for (const q of ['?page=0', '?pageSize=1000', '?sort=code:sideways', '?q[$ne]=1', '?building[$ne]=x']) {
      expect((await admin.get(`/utilities/billing-points${q}`)).status).toBe(400);
    }
  });
});
