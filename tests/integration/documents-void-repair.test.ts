import { randomUUID } from 'node:crypto';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  draftRun,
  finalizeRun,
  finalizedJanuary,
  month,
  type DocumentsFixture,
  type InvoiceRef,
} from './support/documents-fixture';

/**
 * The repair of runs voided before a void issued credit notes (credit-notes.ts
 * `creditOlderVoids`, run at every start). The old void only marked a finalized run's
 * invoices void: numbered, never credited, so the statement shows them as owed. The
 * old state is written here as the old code wrote it — run and invoices set to void
 * straight in the database.
 *
 * January 2023 (documents-credit-notes.test.ts has the arithmetic):
 *   Anna (ZH1, default issuer): gross 233.50; 10 m³ of water were credited by hand
 *     before the old void: 30.00 + VAT 2.43 = 32.43, so 233.50 − 32.43 = 201.07 is owed;
 *   Béatrice (LS1, her building's issuer): gross 132.96, all owed.
 * February is voided the new way (credit notes issued then); March is a voided draft
 * (never numbered). The repair credits January only.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let janRun: string;
let jan: { anna: InvoiceRef; beatrice: InvoiceRef };
let febRun: string;
let feb: { anna: InvoiceRef; beatrice: InvoiceRef };
const year = new Date().getFullYear();

type CreditNote = { documentId: string; number: string; reason: string; totals: { gross: string } };

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ({ fx, janRun, jan } = await finalizedJanuary(app, root, 4));
  febRun = await draftRun(root, month(1));
  feb = await finalizeRun(root, fx, febRun);
}, 240_000);
afterAll(async () => app?.stop());

const repair = () =>
  app.strapi.plugin('utilities').service('credit-notes').creditOlderVoids() as Promise<
    { invoiceRef: string; number: string }[]
  >;
const creditNotesOf = async (invoice: string) =>
  ((await root.get(`/utilities/credit-notes?invoice=${invoice}&sort=createdAt:asc`)).body.data ??
    []) as CreditNote[];
const balanceOf = async (party: string) =>
  (await root.get(`/utilities/parties/${party}/statement`)).body.data.balances as {
    currency: string;
    balance: string;
  }[];

/** What the void did before credit notes: the run and its invoices marked void, nothing else. */
async function oldVoid(run: string) {
  await app.strapi.db
    .query('plugin::utilities.invoice')
    .updateMany({ where: { runRef: run }, data: { status: 'void' } });
  await app.strapi.db
    .query('plugin::utilities.charge-run')
    .updateMany({ where: { documentId: run }, data: { status: 'void', voidedAt: new Date().toISOString() } });
}

test('a run voided the old way: each numbered invoice gets one credit note of what is left; again, none', async () => {
  const lines = (await root.get(`/utilities/invoices/${jan.anna.documentId}`)).body.data.lines as {
    kind: string;
  }[];
  const water = lines.findIndex((l) => l.kind === 'consumption');
  const byHand = await root.post(`/utilities/invoices/${jan.anna.documentId}/credit-notes`, {
    requestId: randomUUID(),
    reason: 'Zähler falsch abgelesen',
    lines: [{ line: water, quantity: '10' }],
  });
  expect(byHand.status).toBe(201);
  expect(byHand.body.data.number).toBe(`CN-${year}-000001`);
  // February the new way: its void credits both invoices (default issuer's note 2, Lac's note 1).
  expect((await root.post(`/utilities/charge-runs/${febRun}/void`, {})).body.meta).toEqual({
    creditNotes: 2,
  });
  // March: a draft voided, never numbered.
  const marRun = await draftRun(root, month(2));
  expect((await root.post(`/utilities/charge-runs/${marRun}/void`, {})).status).toBe(200);

  await oldVoid(janRun);
  // The old state: Anna owes 201.07 (January) + 0 (February), Béatrice 132.96.
  expect(await balanceOf(fx.parties.anna)).toEqual([{ currency: 'CHF', balance: '201.07' }]);
  expect(await balanceOf(fx.parties.beatrice)).toEqual([{ currency: 'CHF', balance: '132.96' }]);

  const issued = await repair();
  expect(issued.map((n) => n.invoiceRef).sort()).toEqual(
    [jan.anna.documentId, jan.beatrice.documentId].sort(),
  );
  // The next numbers of each issuer's credit-note sequence, the void's reason in the party's language.
  const annaNotes = await creditNotesOf(jan.anna.documentId);
  expect(annaNotes.map((n) => [n.number, n.totals.gross])).toEqual([
    [`CN-${year}-000001`, '32.43'],
    [`CN-${year}-000003`, '201.07'],
  ]);
  expect(annaNotes[1].reason).toBe('Verrechnungslauf storniert');
  const beatriceNotes = await creditNotesOf(jan.beatrice.documentId);
  expect(beatriceNotes.map((n) => [n.number, n.totals.gross, n.reason])).toEqual([
    [`CN-${year}-000002`, '132.96', 'Cycle de facturation annulé'],
  ]);
  expect(await balanceOf(fx.parties.anna)).toEqual([{ currency: 'CHF', balance: '0.00' }]);
  expect(await balanceOf(fx.parties.beatrice)).toEqual([{ currency: 'CHF', balance: '0.00' }]);
  // The invoices stay as they were: void, numbered, credited in full.
  const anna = (await root.get(`/utilities/invoices/${jan.anna.documentId}`)).body.data;
  expect(anna).toMatchObject({ status: 'void', number: jan.anna.number });
  expect(anna.credit).toMatchObject({ credited: '233.50', remaining: '0.00' });
  // February (voided the new way) got nothing more.
  expect(await creditNotesOf(feb.anna.documentId)).toHaveLength(1);
  expect(await creditNotesOf(feb.beatrice.documentId)).toHaveLength(1);

  // Again (the next start): nothing is owed, nothing is issued.
  expect(await repair()).toEqual([]);
  expect(await creditNotesOf(jan.anna.documentId)).toHaveLength(2);
  expect(await creditNotesOf(jan.beatrice.documentId)).toHaveLength(1);
});

test('two repairs at once (two instances starting) issue each credit note once', async () => {
  const run = await draftRun(root, month(3));
  const apr = await finalizeRun(root, fx, run);
  await oldVoid(run);
  const [first, second] = await Promise.all([repair(), repair()]);
  expect(first.length + second.length).toBe(2);
  expect(await creditNotesOf(apr.anna.documentId)).toHaveLength(1);
  expect(await creditNotesOf(apr.beatrice.documentId)).toHaveLength(1);
  expect(await balanceOf(fx.parties.anna)).toEqual([{ currency: 'CHF', balance: '0.00' }]);
});
