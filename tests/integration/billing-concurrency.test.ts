import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { databaseClient } from '../helpers/database';
import {
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
  person,
} from '../helpers/billing';
import { rangesOverlap } from '../../src/billing/date-range';

/**
 * Races on the billing rules no unique index can express. Run on all three
 * databases (DATABASE_CLIENT=postgres / mysql); on PostgreSQL and MariaDB the
 * last test also shows the mechanism itself: a move waits on the billing
 * point's lock while another transaction holds it, then decides on what that
 * transaction committed.
 */
let app: TestApp;
let admin: Agent;
let building: { documentId: string };
let seq = 0;

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
  const owner = await createParty(admin, { kind: 'legal', companyName: 'Race Owner SA' });
  building = await createBuilding(admin, { code: 'RACE', name: 'Race house', owner: owner.documentId });
});
afterAll(async () => app?.stop());

const newPoint = () =>
  createPoint(admin, { code: `RACE-${++seq}`, name: `Flat ${seq}`, building: building.documentId });
const rows = (table: string, where: object = {}) => app.strapi.db.connection(table).where(where).select('*');
const N = 6;

test('concurrent moves on one billing point: exactly one succeeds, the others get 409, and the losers leave nothing behind', async () => {
  const point = await newPoint();
  const tenant = await person(admin, 'Cora', 'Current');
  const current = (
    await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
      party: tenant.documentId,
      entryDate: '2023-01-01',
    })
  ).body.data;
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      admin.post(`/utilities/billing-points/${point.documentId}/move`, {
        exitDate: '2024-06-30',
        occupancy: current.documentId,
        newOccupant: { party: { kind: 'natural', firstName: `Racer${i}`, lastName: 'Mover' } },
      }),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, ...Array(N - 1).fill(409)]);
  for (const loser of results.filter((r) => r.status === 409))
    expect(loser.body.error.name).toBe('ConflictError');

  const occupancies = await rows('utilities_occupancies', { billing_point_ref: point.documentId });
  expect(occupancies).toHaveLength(2);
  expect(occupancies.find((o) => o.document_id === current.documentId).exit_date).toBe('2024-06-30');
  // The parties the losers created in their transactions were rolled back with them.
  expect(await rows('utilities_parties', { last_name: 'Mover' })).toHaveLength(1);
});

test('concurrent overlapping occupancies: one is stored, the others get 409', async () => {
  const point = await newPoint();
  const parties = await Promise.all(
    Array.from({ length: N }, (_, i) => person(admin, `Olivia${i}`, 'Overlap')),
  );
  const results = await Promise.all(
    parties.map((p, i) =>
      admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: p.documentId,
        entryDate: `2024-0${1 + i}-01`,
        exitDate: '2024-12-31',
      }),
    ),
  );
  expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(N - 1).fill(409)]);
  expect(await rows('utilities_occupancies', { billing_point_ref: point.documentId })).toHaveLength(1);
});

test('one meter installed concurrently at several billing points: it ends up at exactly one', async () => {
  const water = await meterSetup(admin, 'WATER');
  const meter = await createMeter(admin, 'RACE-WM-1', water);
  const points = await Promise.all(Array.from({ length: N }, () => newPoint()));
  const results = await Promise.all(
    points.map((p, i) =>
      admin.post(`/utilities/billing-points/${p.documentId}/meters`, {
        device: meter.documentId,
        from: `2024-0${1 + i}-15`,
      }),
    ),
  );
  expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(N - 1).fill(409)]);
  expect(await rows('utilities_meter_installations', { device_ref: meter.documentId })).toHaveLength(1);
});

test('concurrent price changes of one rate group never leave overlapping validities', async () => {
  const power = await meterSetup(admin, 'ELECTRICITY');
  const first = await admin.post('/utilities/rates', {
    utilityType: power.utilityType.documentId,
    scope: 'default',
    validFrom: '2024-01-01',
    unitPrice: '0.2',
    vatRate: '8.1',
    currency: 'CHF',
  });
  expect(first.status).toBe(201);
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      admin.post('/utilities/rates', {
        utilityType: power.utilityType.documentId,
        scope: 'default',
        validFrom: `2024-0${2 + i}-01`,
        unitPrice: `0.2${i}`,
        vatRate: '8.1',
        currency: 'CHF',
      }),
    ),
  );
  for (const r of results) expect([201, 409]).toContain(r.status);
  const stored = (await rows('utilities_rates', { target_ref: power.utilityType.documentId })).map((r) => ({
    from: r.valid_from as string,
    to: (r.valid_to ?? null) as string | null,
  }));
  expect(stored.length).toBe(1 + results.filter((r) => r.status === 201).length);
  for (let i = 0; i < stored.length; i++)
    for (let j = i + 1; j < stored.length; j++) expect(rangesOverlap(stored[i], stored[j])).toBe(false);
  expect(stored.filter((s) => s.to === null)).toHaveLength(1);
});

test('deleting a party while it is being given an occupancy or a badge never leaves a record pointing at nobody', async () => {
  for (let round = 0; round < 4; round++) {
    const point = await newPoint();
    const party = await person(admin, 'Della', `Deleted${round}`);
    const [occupancy, badge, removed] = await Promise.all([
      admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: party.documentId,
        entryDate: '2024-01-01',
      }),
      admin.post('/utilities/rfid-badges', { uid: `0D:${round}0:0D`, party: party.documentId }),
      admin.delete(`/utilities/parties/${party.documentId}`),
    ]);
    const exists = (await rows('utilities_parties', { document_id: party.documentId })).length > 0;
    const refs =
      (await rows('utilities_occupancies', { party_ref: party.documentId })).length +
      (await rows('utilities_rfid_badges', { party_ref: party.documentId })).length;
    if (exists) {
      expect(removed.status).toBe(409);
    } else {
      expect(removed.status).toBe(200);
      expect(refs).toBe(0);
      for (const res of [occupancy, badge]) expect(res.status).toBe(400);
    }
  }
});

const client = databaseClient();
if (client !== 'sqlite') {
  // Whether some other session is blocked on a lock right now (PostgreSQL), or on the lock table (MySQL/MariaDB).
  const lockWaits = async (): Promise<number> => {
    const knex = app.strapi.db.connection;
    if (client === 'postgres') {
      const res = await knex.raw(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return res.rows[0].n;
    }
    // MariaDB lists a blocked autocommit statement in the process list, not always in INNODB_TRX.
    const [found] = await knex.raw(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO LIKE '%utilities_billing_locks%'",
    );
    return Number(found[0].n);
  };

  test(`${client}: a move waits for the billing point's lock and then decides on what the holder committed`, async () => {
    const point = await newPoint();
    const tenant = await person(admin, 'Lena', 'Locked');
    const current = (
      await admin.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: tenant.documentId,
        entryDate: '2023-01-01',
      })
    ).body.data;
    const lockName = `billing-point:${point.documentId}`;
    await app.strapi.db
      .connection('utilities_billing_locks')
      .insert({ name: lockName, version: 0 })
      .onConflict('name')
      .ignore();

    // Another writer holds the lock and, in its transaction, ends the occupancy on 31 May.
    const holder = await app.strapi.db.connection.transaction();
    let move: Promise<{ status: number; body: any }> | undefined;
    try {
      await holder('utilities_billing_locks').where({ name: lockName }).increment('version', 1);
      await holder('utilities_occupancies')
        .where({ document_id: current.documentId })
        .update({ exit_date: '2024-05-31' });
      move = admin
        .post(`/utilities/billing-points/${point.documentId}/move`, {
          exitDate: '2024-06-30',
          newOccupant: { party: tenant.documentId },
        })
        .then((r) => r);
      // Wait until the move is blocked on a lock (bounded: 30 s).
      const deadline = Date.now() + 30_000;
      while ((await lockWaits()) === 0) {
        if (Date.now() > deadline) throw new Error('the move never waited on a lock');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await holder.commit();
    } catch (error) {
      await holder.rollback().catch(() => undefined);
      throw error;
    }
    const res = await move;
    // Without the lock it would have read the open occupancy, overwritten 31 May with 30 June and answered 200.
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('already moved out on 2024-05-31');
    const stored = await rows('utilities_occupancies', { billing_point_ref: point.documentId });
    expect(stored).toHaveLength(1);
    expect(stored[0].exit_date).toBe('2024-05-31');
  });
}
