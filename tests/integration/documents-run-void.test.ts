import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
 * Voiding a finalized run issues credit notes instead of erasing its invoices
 * (docs/charging-rules.md, Runs). January 2023 (documents-credit-notes.test.ts has
 * the arithmetic):
 *
 *   Anna (ZH1, German, default issuer): gross 233.50 (water 186.00 + VAT 15.07,
 *     fee 30.00 + VAT 2.43);
 *   Béatrice (LS1, French, the building's own issuer): gross 132.96.
 *
 * Before the void, 10 m³ of Anna's water were credited by hand: 30.00 + VAT 2.43 = 32.43.
 * The void credits what is left: Anna 233.50 − 32.43 = 201.07, Béatrice 132.96.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let janRun: string;
let jan: { anna: InvoiceRef; beatrice: InvoiceRef };
const year = new Date().getFullYear(); // issue date: today (defaultTimezone UTC)
const dir = mkdtempSync(path.join(tmpdir(), 'run-void-'));
const issued: { creditNote: { documentId: string; number: string; invoice: string } }[] = [];

type CreditNote = {
  documentId: string;
  number: string;
  reason: string;
  invoice: string;
  issuer: string;
  lines: { line: number; credit: string; amount: string; vatAmount: string }[];
  totals: { net: string; vat: string; gross: string };
  issuedBy: string | null;
};

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ({ fx, janRun, jan } = await finalizedJanuary(app, root, 3));
  app.strapi.eventHub.on('utilities.credit-note.issued', async (payload: unknown) => {
    issued.push(payload as (typeof issued)[number]);
    return Promise.resolve();
  });
}, 240_000);
afterAll(async () => app?.stop());

const creditNotesOf = async (invoice: string) =>
  ((await root.get(`/utilities/credit-notes?invoice=${invoice}&sort=createdAt:asc`)).body.data ??
    []) as CreditNote[];
const credit = (invoice: string, lines: unknown) =>
  root.post(`/utilities/invoices/${invoice}/credit-notes`, {
    requestId: randomUUID(),
    reason: 'Zähler falsch abgelesen',
    lines,
  });

async function pdfText(url: string) {
  const res = await root.get(url).buffer(true);
  expect(res.status).toBe(200);
  const file = path.join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, res.body as Buffer);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

test('voiding a finalized run credits what is left of each invoice; the invoices stay, numbered', async () => {
  const lines = (await root.get(`/utilities/invoices/${jan.anna.documentId}`)).body.data.lines as {
    kind: string;
  }[];
  const water = lines.findIndex((l) => l.kind === 'consumption');
  const partial = await credit(jan.anna.documentId, [{ line: water, quantity: '10' }]);
  expect(partial.status).toBe(201);
  expect(partial.body.data.number).toBe(`CN-${year}-000001`);

  const res = await root.post(`/utilities/charge-runs/${janRun}/void`, {});
  expect(res.status).toBe(200);
  expect(res.body.data.status).toBe('void');
  expect(res.body.meta).toEqual({ creditNotes: 2 });

  // Anna: the hand-made note, then the void's: 186.00 − 30.00 = 156.00 (VAT 15.07 − 2.43 = 12.64)
  // and the fee 30.00 (VAT 2.43): net 186.00, VAT 15.07, gross 201.07. Next number of the
  // default issuer's credit-note sequence; the reason in German; who voided.
  const [, annaVoid] = await creditNotesOf(jan.anna.documentId);
  expect(annaVoid).toMatchObject({
    number: `CN-${year}-000002`,
    reason: 'Verrechnungslauf storniert',
    invoice: jan.anna.documentId,
    issuer: 'default',
    totals: { net: '186.00', vat: '15.07', gross: '201.07' },
  });
  expect(annaVoid.lines.map((l) => [l.line, l.credit, l.amount, l.vatAmount])).toEqual(
    expect.arrayContaining([
      [water, 'whole', '156.00', '12.64'],
      [expect.any(Number), 'whole', '30.00', '2.43'],
    ]),
  );
  expect(annaVoid.issuedBy).toBeTruthy();
  const anna = (await root.get(`/utilities/invoices/${jan.anna.documentId}`)).body.data;
  expect(anna).toMatchObject({ status: 'void', number: jan.anna.number });
  expect(anna.credit).toMatchObject({ credited: '233.50', remaining: '0.00' });
  expect(anna.credit.creditNotes.map((n: { gross: string }) => n.gross)).toEqual(['32.43', '201.07']);

  // Béatrice: all of it, 132.96, number 1 of her building issuer's sequence, in French.
  const [beatriceVoid] = await creditNotesOf(jan.beatrice.documentId);
  expect(beatriceVoid).toMatchObject({
    number: `CN-${year}-000001`,
    reason: 'Cycle de facturation annulé',
    issuer: `building:${fx.buildings.ls}`,
    totals: { gross: '132.96' },
  });
  const beatrice = (await root.get(`/utilities/invoices/${jan.beatrice.documentId}`)).body.data;
  expect(beatrice).toMatchObject({ status: 'void', number: jan.beatrice.number });

  // The invoice's PDF is still there; the credit note's refers to it.
  expect(await pdfText(`/utilities/invoices/${jan.anna.documentId}/document.pdf`)).toContain(
    `Rechnung ${jan.anna.number}`,
  );
  const text = await pdfText(`/utilities/credit-notes/${annaVoid.documentId}/document.pdf`);
  expect(text).toContain(`Gutschrift ${annaVoid.number}`);
  expect(text).toMatch(new RegExp(`Bezieht sich auf Rechnung\\s+${jan.anna.number} \\(`));
  expect(text).toContain('Verrechnungslauf storniert');
  expect(text).toMatch(/Total Gutschrift CHF\s+201\.07/);

  // The party's statement: billed 233.50, credited 32.43 and 201.07 — nothing owed.
  const statement = (await root.get(`/utilities/parties/${fx.parties.anna}/statement`)).body.data;
  expect(statement.entries.map((e: { kind: string; signed: string }) => [e.kind, e.signed])).toEqual([
    ['invoice', '233.50'],
    ['credit-note', '-32.43'],
    ['credit-note', '-201.07'],
  ]);
  expect(statement.balances).toEqual([{ currency: 'CHF', balance: '0.00' }]);

  // Other systems hear of each credit note the void issued.
  expect(issued.map((e) => e.creditNote.number).sort()).toEqual(
    [`CN-${year}-000001`, `CN-${year}-000001`, `CN-${year}-000002`].sort(),
  );
  expect(issued.map((e) => e.creditNote.invoice)).toEqual(
    expect.arrayContaining([jan.anna.documentId, jan.beatrice.documentId]),
  );
});

test('voiding again is a 409 and issues nothing; a void invoice is credited no further (409)', async () => {
  const again = await root.post(`/utilities/charge-runs/${janRun}/void`, {});
  expect(again.status).toBe(409);
  expect(again.body.error.message).toMatch(/void/);
  expect(await creditNotesOf(jan.anna.documentId)).toHaveLength(2);
  expect(await creditNotesOf(jan.beatrice.documentId)).toHaveLength(1);
  const more = await credit(jan.beatrice.documentId, 'all');
  expect(more.status).toBe(409);
  expect(more.body.error.message).toMatch(/void/);
  expect((await root.post('/utilities/charge-runs/no-such-run/void', {})).status).toBe(404);
});

test('an invoice credited in full before the void gets no second credit note', async () => {
  const run = await draftRun(root, month(1));
  const feb = await finalizeRun(root, fx, run);
  expect((await credit(feb.anna.documentId, 'all')).status).toBe(201);
  const res = await root.post(`/utilities/charge-runs/${run}/void`, {});
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ creditNotes: 1 });
  expect(await creditNotesOf(feb.anna.documentId)).toHaveLength(1);
  expect((await creditNotesOf(feb.beatrice.documentId)).map((n) => n.reason)).toEqual([
    'Cycle de facturation annulé',
  ]);
});

test('voiding a draft stays as it was: its invoices become void, unnumbered, with no credit note', async () => {
  const run = await draftRun(root, month(2));
  const res = await root.post(`/utilities/charge-runs/${run}/void`, {});
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ creditNotes: 0 });
  const invoices = (await root.get(`/utilities/invoices?chargeRun=${run}`)).body.data as {
    documentId: string;
    status: string;
    number: string | null;
  }[];
  expect(invoices).toHaveLength(2);
  for (const invoice of invoices) {
    expect(invoice).toMatchObject({ status: 'void', number: null });
    expect(await creditNotesOf(invoice.documentId)).toEqual([]);
  }
});
