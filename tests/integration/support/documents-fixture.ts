import { DateTime } from 'luxon';
import type { TestApp } from '../../helpers/strapi';
import type { Agent } from '../../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup } from '../../helpers/billing';
import { outcome, runCharges } from '../../helpers/charge-runs';

/**
 * Two buildings for the billing documents' tests, one flat each, charged every
 * month from January 2023:
 *
 *   - ZH1 "Seefeld" (Zurich): flat ZH1-01, Anna Amsler (German), water meter W-ZH,
 *     2 m³ a day; the default issuer;
 *   - LS1 "Ouchy" (Lausanne): flat LS1-01, Béatrice Blanc (French), water meter
 *     W-LS, 1 m³ a day; the building has its own issuer (another owner).
 *
 * Water 3.00 CHF/m³, fixed fee 30 CHF a month, VAT 8.1 %.
 */
export type DocumentsFixture = {
  water: string;
  buildings: { zh: string; ls: string };
  points: { zh: string; ls: string };
  parties: { anna: string; beatrice: string };
};

const ZONE = 'Europe/Zurich';

async function dailyReads(app: TestApp, meter: string, deviceRef: string, perDay: number, days: number) {
  const rows = [];
  let day = DateTime.fromISO('2022-12-31', { zone: ZONE });
  for (let i = 0; i < days; i++) {
    rows.push({
      meter_number: meter,
      register: '1',
      reading_at: day.toMillis(),
      value: String(1000 + i * perDay),
      kind: 'cumulative',
      device_ref: deviceRef,
      created_at: Date.now(),
    });
    day = day.plus({ days: 1 });
  }
  for (let i = 0; i < rows.length; i += 200)
    await app.strapi.db.connection('utilities_meter_readings').insert(rows.slice(i, i + 200));
}

export async function documentsFixture(app: TestApp, root: Agent, months = 24): Promise<DocumentsFixture> {
  const setup = await meterSetup(root, 'WATER');
  const water = setup.utilityType.documentId;
  const anna = await createParty(root, {
    kind: 'natural',
    firstName: 'Anna',
    lastName: 'Amsler',
    email: 'anna@example.test',
    language: 'de',
    address: { line1: 'Seefeldstrasse 12', postalCode: '8008', city: 'Zürich', country: 'CH' },
  });
  const beatrice = await createParty(root, {
    kind: 'natural',
    firstName: 'Béatrice',
    lastName: 'Blanc',
    email: 'beatrice@example.test',
    language: 'fr',
    address: { line1: 'Avenue d’Ouchy 4', postalCode: '1006', city: 'Lausanne', country: 'CH' },
  });
  const owner = await createParty(root, { kind: 'legal', companyName: 'Immo Seefeld AG' });
  const lsOwner = await createParty(root, { kind: 'legal', companyName: 'Gérance du Lac SA' });
  const zh = await createBuilding(root, {
    code: 'ZH1',
    name: 'Seefeld',
    timezone: ZONE,
    owner: owner.documentId,
  });
  const ls = await createBuilding(root, {
    code: 'LS1',
    name: 'Ouchy',
    timezone: ZONE,
    owner: lsOwner.documentId,
  });
  const zhPoint = await createPoint(root, { code: 'ZH1-01', name: 'Wohnung 1', building: zh.documentId });
  const lsPoint = await createPoint(root, { code: 'LS1-01', name: 'Appartement 1', building: ls.documentId });
  const days = Math.ceil(months * 31) + 40;
  for (const [meterNumber, point, party, perDay] of [
    ['W-ZH', zhPoint, anna, 2],
    ['W-LS', lsPoint, beatrice, 1],
  ] as const) {
    const meter = await created(
      await root.post('/utilities/devices', {
        meterNumber,
        deviceType: setup.deviceType.documentId,
        utilityType: water,
        unit: 'm³',
        registers: ['1'],
      }),
      `meter ${meterNumber}`,
    );
    await created(
      await root.post(`/utilities/billing-points/${point.documentId}/meters`, {
        device: meter.documentId,
        from: '2022-12-01',
      }),
      'installation',
    );
    await created(
      await root.post(`/utilities/billing-points/${point.documentId}/occupancies`, {
        party: party.documentId,
        entryDate: '2022-12-01',
        exitDate: null,
      }),
      'occupancy',
    );
    await dailyReads(app, meterNumber, meter.documentId, perDay, days);
  }
  await created(
    await root.post('/utilities/rates', {
      utilityType: water,
      scope: 'default',
      vatRate: '8.1',
      currency: 'CHF',
      fixedFeePerMonth: '30',
      validFrom: '2022-01-01',
      unitPrice: '3.00',
    }),
    'rate',
  );
  return {
    water,
    buildings: { zh: zh.documentId, ls: ls.documentId },
    points: { zh: zhPoint.documentId, ls: lsPoint.documentId },
    parties: { anna: anna.documentId, beatrice: beatrice.documentId },
  };
}

/** The default issuer of the documents' tests: a Zurich owner with a QR-IBAN. */
export const SEEFELD_ISSUER = {
  name: 'Immo Seefeld AG',
  address: {
    street: 'Seefeldstrasse',
    buildingNumber: '12',
    postalCode: '8008',
    town: 'Zürich',
    country: 'CH',
  },
  vatNumber: 'CHE-123.456.789 MWST',
  iban: 'CH44 3199 9123 0008 8901 2',
};

/** The Lausanne building's own issuer: another owner, a plain IBAN (creditor reference). */
export const LAC_ISSUER = {
  name: 'Gérance du Lac SA',
  address: {
    street: 'Quai d’Ouchy',
    buildingNumber: '1',
    postalCode: '1006',
    town: 'Lausanne',
    country: 'CH',
  },
  iban: 'CH93 0076 2011 6238 5295 7',
};

/** The calendar month `index` months after January 2023 as a run period. */
export function month(index: number) {
  const start = DateTime.fromISO('2023-01-01', { zone: 'UTC' }).plus({ months: index });
  return { periodStart: start.toISODate()!, periodEnd: start.endOf('month').toISODate()! };
}

/** Drafts the run of a period (all billing points) and answers its documentId. */
export async function draftRun(root: Agent, period: { periodStart: string; periodEnd: string }) {
  const res = await runCharges(root, period);
  if (outcome(res) !== 'drafted' && outcome(res) !== 'replaced')
    throw new Error(`run ${period.periodStart} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.documentId as string;
}

export type InvoiceRef = { documentId: string; number: string };

/** Finalizes a drafted run and answers its invoices by resident (Anna at ZH1, Béatrice at LS1). */
export async function finalizeRun(root: Agent, fx: DocumentsFixture, run: string) {
  const res = await root.post(`/utilities/charge-runs/${run}/finalize`, {});
  if (res.status !== 200) throw new Error(`finalize ${run}: ${res.status} ${JSON.stringify(res.body)}`);
  const list = (await root.get(`/utilities/invoices?chargeRun=${run}`)).body.data as (InvoiceRef & {
    billingPoint: { documentId: string };
  })[];
  const of = (point: string) => {
    const found = list.find((i) => i.billingPoint.documentId === point);
    if (!found) throw new Error(`run ${run} has no invoice at ${point}`);
    return { documentId: found.documentId, number: found.number };
  };
  return { anna: of(fx.points.zh), beatrice: of(fx.points.ls) };
}

/**
 * The fixture with both issuers set (the default one, and Ouchy's own) and January
 * 2023 drafted and finalized: its run and the two invoices.
 */
export async function finalizedJanuary(app: TestApp, root: Agent, months: number) {
  const fx = await documentsFixture(app, root, months);
  const settings = [
    await root.put('/utilities/document-settings', SEEFELD_ISSUER),
    await root.put(`/utilities/document-settings/buildings/${fx.buildings.ls}`, LAC_ISSUER),
  ];
  for (const res of settings)
    if (res.status !== 200) throw new Error(`issuer settings: ${res.status} ${JSON.stringify(res.body)}`);
  const janRun = await draftRun(root, month(0));
  return { fx, janRun, jan: await finalizeRun(root, fx, janRun) };
}
