import { DateTime } from 'luxon';
import type { SettlementResult } from '../../src/allocation';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  created,
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
} from '../helpers/billing';

/**
 * Measured keys read from the heat meters over the period (the run's meterKeys),
 * on a real database:
 *
 *   Building MK, 2022 (365 days), vacant (the owner pays); heating energy 1000.00,
 *   VEWA 30 % area / 70 % heat.
 *   flat A 100 m², heat meter HM-A: 0 on 1 Jan 2022, 7300 on 1 Jan 2023 → 7300 kWh;
 *   flat B  50 m², heat meter HM-B: 0 on 1 Jan 2022, 900 on 1 Jul 2022, nothing after
 *   → its consumption over the period is unknown: every day of B's heat is missing.
 *
 *   Without estimating: missing-meter exception, heating energy not allocated.
 *   Estimating from the area key: intensity = 7300 ÷ (100 m² × 365 days) = 0.2 kWh/m²/day,
 *   B = 0.2 × 50 × 365 = 3650 kWh; heat total 10950.
 *     area 300.00: A 300 × 100/150 = 200.00, B 100.00
 *     heat 700.00: A 700 × 7300/10950 = 466.666… → 466.67, B 233.333… → 233.33
 *     A 666.67, B 333.33; Σ 1000.00.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const BODY = { periodStart: '2022-01-01', periodEnd: '2022-12-31', meterKeys: { HEAT: 'heat' } };

const midnight = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'MK Owners AG' })).documentId;
  ids.building = (
    await createBuilding(root, { code: 'MK', name: 'Meter keys house', owner, timezone: ZONE })
  ).documentId;
  const heat = await meterSetup(root, 'HEAT');
  const rows: Record<string, unknown>[] = [];
  for (const [code, area, reads] of [
    [
      'A',
      '100',
      [
        ['2022-01-01', '0'],
        ['2023-01-01', '7300'],
      ],
    ],
    [
      'B',
      '50',
      [
        ['2022-01-01', '0'],
        ['2022-07-01', '900'],
      ],
    ],
  ] as const) {
    ids[code] = (
      await createPoint(root, { code: `MK-${code}`, name: `Flat ${code}`, building: ids.building })
    ).documentId;
    await created(
      await root.post('/utilities/allocation-keys', { billingPoint: ids[code], heatedArea: area }),
      `keys ${code}`,
    );
    const device = await createMeter(root, `HM-${code}`, heat);
    await created(
      await root.post(`/utilities/billing-points/${ids[code]}/meters`, {
        device: device.documentId,
        from: '2021-01-01',
      }),
      `installation ${code}`,
    );
    for (const [day, value] of reads)
      rows.push({
        meter_number: `HM-${code}`,
        register: '1',
        reading_at: midnight(day),
        value,
        kind: 'cumulative',
        device_ref: device.documentId,
        created_at: Date.now(),
      });
  }
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
  await created(
    await root.post('/utilities/cost-items', {
      building: ids.building,
      category: 'heating-energy',
      amount: '1000.00',
      date: '2022-11-30',
    }),
    'heating cost',
  );
});
afterAll(async () => app?.stop());

describe('measured keys from meter readings', () => {
  it('takes A’s heat from its readings and, B’s being unknown, leaves heating unallocated', async () => {
    const res = await root.post('/utilities/settlement-runs', { building: ids.building, ...BODY });
    expect(res.status).toBe(201);
    const result = res.body.data.result as SettlementResult;
    const a = result.billingPoints.find((p) => p.billingPointId === ids.A)!;
    expect(a.keys.heat).toBe('7300');
    expect(result.exceptions.map((e) => [e.kind, e.billingPointId])).toContainEqual(['missing-meter', ids.B]);
    expect(result.totals).toMatchObject({ cost: '1000.00', allocated: '0.00', unallocated: '1000.00' });
    expect(res.body.data.options.meterNotes).toEqual([
      {
        billingPointId: ids.B,
        meterNumber: 'HM-B',
        key: 'heat',
        code: 'meter-figure-unusable',
        params: expect.objectContaining({ meter: 'HM-B', reason: 'no-reading-period-end', register: '1' }),
        message:
          'Meter HM-B (2022-01-01 – 2022-12-31): register 1 has no reading at or after the period end; its days count as missing',
      },
    ]);
    const finalize = await root.post(`/utilities/settlement-runs/${res.body.data.documentId}/finalize`);
    expect(finalize.status).toBe(409);
  });

  it('estimates B from the area key when asked, and the shares match the hand calculation', async () => {
    const res = await root.post('/utilities/settlement-runs', {
      building: ids.building,
      ...BODY,
      estimateMissingMeters: true,
    });
    expect(res.status).toBe(200);
    const result = res.body.data.result as SettlementResult;
    expect(result.keyTotals.heat).toBe('10950');
    const share = (id: string) => result.billingPoints.find((p) => p.billingPointId === id)!;
    expect(share(ids.A).total).toBe('666.67');
    expect(share(ids.B).total).toBe('333.33');
    expect(share(ids.B).keys.heat).toBe('3650');
    expect(share(ids.B).estimates).toEqual([
      expect.objectContaining({
        code: 'estimated-consumption',
        params: expect.objectContaining({ measuredKey: 'heat', estimateValue: '3650' }),
      }),
    ]);
    expect(result.totals).toMatchObject({ allocated: '1000.00', statements: '1000.00', balanced: true });
  });

  it('refuses a meter key that is not a measured key (400)', async () => {
    const res = await root.post('/utilities/settlement-runs', {
      building: ids.building,
      ...BODY,
      meterKeys: { HEAT: 'area' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['meterKeys', 'HEAT']);
  });
});
