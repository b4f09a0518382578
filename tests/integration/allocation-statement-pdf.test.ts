import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Statement } from '../../src/allocation';
import { ACTIONS, type ActionKey } from '../../src/permissions';
import { qrReference } from '../../src/documents/payment-references';
import { DEMO_BOOT_TIMEOUT_MS, startSeededDemo, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';

/**
 * A party's settlement statement as a PDF, read back with pdftotext: the demo
 * heating year of allocation-demo.test.ts, whose figures are worked out by hand
 * there. DL-02, non-leap year (leap year in brackets):
 *
 *   Anna Meier (German), 1 January – 30 June, 181 of 365 days (182 of 366):
 *     heating energy 741.54 (743.60): area 234.60 (235.25) of DL-02's 473.08, heat 506.94 (508.35) of 1022.28;
 *     caretaking 297.53 (298.36); heating group 1052.21 (1055.13) − advances 816.00,
 *     operating 535.91 (537.41) − 408.00; cost 1588.12 (1592.54) − 1224.00 = 364.12 (368.54) to pay.
 *   Ben Keller (French here), 1 July – 31 December, 184 days: cost 1614.43 (1610.01) − 1224.00
 *     = 390.43 (386.01) to pay.
 *
 * The demo's issuer (Immo Léman SA) has a QR-IBAN: a finalized run's balance due
 * gets a QR-bill whose QR reference is built from NK<year><run><n>.
 *
 * @sqlite-only the settlement statement’s PDF; the settlement behind it is allocation’s on every
 * database.
 */
let app: TestApp;
let admin: Agent;
let runId: string;
let runRowId: number;
const Y = new Date().getUTCFullYear() - 1;
const LEAP = new Date(Date.UTC(Y, 1, 29)).getUTCMonth() === 1;
const dir = mkdtempSync(path.join(tmpdir(), 'settlement-pdf-'));

const idOf = async (uid: string, where: Record<string, string>) =>
  (await app.strapi.db.query(`plugin::utilities.${uid}`).findOne({ where })).documentId as string;

type Listed = Statement & { id: string };
let anna: Listed;
let ben: Listed;
let annaIndex: number;

beforeAll(async () => {
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
  const building = await idOf('building', { code: 'DEMO-LAKE' });
  const list = await admin.get(`/utilities/settlement-runs?building=${building}`);
  const run = list.body.data.find(
    (r: { periodStart: string; periodEnd: string }) =>
      r.periodStart === `${Y}-01-01` && r.periodEnd === `${Y}-12-31`,
  );
  runId = run.documentId;
  runRowId = (
    await app.strapi.db.query('plugin::utilities.settlement-run').findOne({ where: { documentId: runId } })
  ).id;
  const dl02 = await idOf('billing-point', { code: 'DL-02' });
  const meier = await idOf('party', { displayName: 'Anna Meier' });
  const keller = await idOf('party', { displayName: 'Ben Keller' });
  // Ben reads French: the same hand-worked figures in fr-CH.
  expect((await admin.put(`/utilities/parties/${keller}`, { language: 'fr' })).status).toBe(200);
  const statements = (await admin.get(`/utilities/settlement-runs/${runId}`)).body.data.result
    .statements as Listed[];
  annaIndex = statements.findIndex((s) => s.billingPointId === dl02 && s.partyId === meier);
  anna = statements[annaIndex];
  ben = statements.find((s) => s.billingPointId === dl02 && s.partyId === keller)!;
  expect([anna.id, ben.id]).toEqual([`${dl02}.${meier}`, `${dl02}.${keller}`]);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => app?.stop());

async function pdfText(statement: string, agent = admin) {
  const res = await agent
    .get(`/utilities/settlement-runs/${runId}/statements/${statement}/document.pdf`)
    .buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = path.join(dir, `${statement}.pdf`);
  writeFileSync(file, res.body as Buffer);
  // pdftotext keeps fr-CH's no-break spaces (read as spaces) and de-CH's 1'000 (read as 1’000, quotable here).
  return execFileSync('pdftotext', ['-layout', file, '-'])
    .toString('utf8')
    .replace(/\u00a0/g, ' ')
    .replace(/(\d)'(\d)/g, '$1’$2');
}

test('a draft: the German statement of the tenant who moved out, figures of the hand calculation, no QR-bill', async () => {
  const text = await pdfText(anna.id);
  expect(text).toContain(`Nebenkostenabrechnung 01.01.${Y} – 31.12.${Y} (ENTWURF)`);
  expect(text).toContain(`Ihre Mietdauer`);
  expect(text).toContain(`01.01.${Y} – 30.06.${Y} (${LEAP ? '182 von 366' : '181 von 365'} Tagen)`);
  expect(text).toContain('DL-02');
  // Heating energy: the building's 16’660.05, DL-02's 30 % / 70 % parts and Anna's days' share.
  expect(text).toMatch(
    new RegExp(`Heizenergie\\s+16’660\\.05\\s+1’495\\.36\\s+${LEAP ? '743\\.60' : '741\\.54'}`),
  );
  expect(text).toMatch(
    new RegExp(
      `Beheizte Fläche \\(m²\\)\\s+30 %\\s+85\\s+898\\s+4’998\\.02\\s+473\\.08\\s+${LEAP ? '235\\.25' : '234\\.60'}`,
    ),
  );
  expect(text).toMatch(
    new RegExp(
      `Wärmezähler \\(kWh\\)\\s+70 %\\s+7’600\\s+86’700\\s+11’662\\.03\\s+1’022\\.28\\s+${LEAP ? '508\\.35' : '506\\.94'}`,
    ),
  );
  expect(text).toMatch(
    new RegExp(`Hauswartung\\s+6’000\\.00\\s+600\\.00\\s+${LEAP ? '298\\.36' : '297\\.53'}`),
  );
  expect(text).toMatch(
    new RegExp(
      `Heiz- und Warmwasserkosten\\s+${LEAP ? '1’055\\.13' : '1’052\\.21'}\\s+816\\.00\\s+${LEAP ? '239\\.13' : '236\\.21'}`,
    ),
  );
  expect(text).toMatch(
    new RegExp(
      `Betriebskosten\\s+${LEAP ? '537\\.41' : '535\\.91'}\\s+408\\.00\\s+${LEAP ? '129\\.41' : '127\\.91'}`,
    ),
  );
  expect(text).toMatch(
    new RegExp(
      `Total\\s+${LEAP ? '1’592\\.54' : '1’588\\.12'}\\s+1’224\\.00\\s+${LEAP ? '368\\.54' : '364\\.12'}`,
    ),
  );
  expect(text).toMatch(new RegExp(`Saldo zu Ihren Lasten CHF\\s+${LEAP ? '368\\.54' : '364\\.12'}`));
  expect(text).toContain('Akontozahlungen');
  expect(text).not.toContain('Zahlteil');
});

test('finalized: the balance due is payable by QR-bill, German and French', async () => {
  expect((await admin.post(`/utilities/settlement-runs/${runId}/finalize`)).status).toBe(200);
  const german = await pdfText(anna.id);
  expect(german).not.toContain('ENTWURF');
  for (const word of ['Zahlteil', 'Empfangsschein', 'CH44 3199 9123 0008 8901 2'])
    expect(german).toContain(word);
  const ref = qrReference(
    `${Y}${String(runRowId).padStart(6, '0')}${String(annaIndex + 1).padStart(4, '0')}`,
  );
  expect(german.replace(/ /g, '')).toContain(ref);
  expect(german).toContain(LEAP ? '368.54' : '364.12');

  const french = await pdfText(ben.id);
  expect(french).toContain(`Décompte de charges 01.01.${Y} – 31.12.${Y}`);
  expect(french).toContain(`01.07.${Y} – 31.12.${Y} (184 jours sur ${LEAP ? 366 : 365})`);
  expect(french).toMatch(/Surface chauffée \(m²\)\s+30 %\s+85\s+898/);
  expect(french).toMatch(/Frais d’exploitation\s+/);
  expect(french).toMatch(
    new RegExp(`Total\\s+${LEAP ? '1 610,01' : '1 614,43'}\\s+1 224,00\\s+${LEAP ? '386,01' : '390,43'}`),
  );
  expect(french).toMatch(new RegExp(`Solde en notre faveur CHF\\s+${LEAP ? '386,01' : '390,43'}`));
  for (const word of ['Acomptes', 'Section paiement', 'Récépissé']) expect(french).toContain(word);
});

test('an unknown statement or run is a 404', async () => {
  const unknown = await admin.get(
    `/utilities/settlement-runs/${runId}/statements/nobody.nobody/document.pdf`,
  );
  expect(unknown.status).toBe(404);
  const noRun = await admin.get(`/utilities/settlement-runs/nope/statements/${anna.id}/document.pdf`);
  expect(noRun.status).toBe(404);
});

test('reading a statement needs allocation.read, like the run', async () => {
  const others = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== 'allocation.read');
  const without = await adminWith(app.strapi, app.http, others);
  const url = `/utilities/settlement-runs/${runId}/statements/${anna.id}/document.pdf`;
  expect((await without.get(url)).status).toBe(403);
  expect(await pdfText(anna.id, await adminWith(app.strapi, app.http, ['allocation.read']))).toContain(
    'Nebenkostenabrechnung',
  );
});
