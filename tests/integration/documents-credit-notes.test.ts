import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import {
  documentsFixture,
  draftRun,
  finalizeRun,
  month,
  LAC_ISSUER,
  SEEFELD_ISSUER,
  type DocumentsFixture,
  type InvoiceRef,
} from './support/documents-fixture';

/**
 * Credit notes correct a finalized invoice; the invoice stays as issued. January 2023:
 *
 *   Anna (ZH1, German, default issuer): water 62 m³ × 3.00 = 186.00, VAT 8.1 % 15.07;
 *     fixed fee 30.00, VAT 2.43; gross 233.50.
 *   Béatrice (LS1, French, the building's own issuer): water 31 m³ × 3.00 = 93.00,
 *     VAT 7.53; fee 30.00, VAT 2.43; gross 132.96.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let jan: { anna: InvoiceRef; beatrice: InvoiceRef };
let febRun: string;
const year = new Date().getFullYear(); // issue date: today (defaultTimezone UTC)
const dir = mkdtempSync(path.join(tmpdir(), 'credit-note-'));
const events: { event: string; payload: unknown }[] = [];

type InvoiceLine = { kind: string; amount: string };

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 3);
  expect((await root.put('/utilities/document-settings', SEEFELD_ISSUER)).status).toBe(200);
  const own = await root.put(`/utilities/document-settings/buildings/${fx.buildings.ls}`, LAC_ISSUER);
  expect(own.status).toBe(200);
  jan = await finalizeRun(root, fx, await draftRun(root, month(0)));
  febRun = await draftRun(root, month(1));
  app.strapi.eventHub.on('utilities.credit-note.issued', async (payload: unknown) => {
    events.push({ event: 'utilities.credit-note.issued', payload });
    return Promise.resolve();
  });
}, 240_000);
afterAll(async () => app?.stop());

const linesOf = async (invoice: string) =>
  (await root.get(`/utilities/invoices/${invoice}`)).body.data.lines as InvoiceLine[];
const waterLine = async (invoice: string) =>
  (await linesOf(invoice)).findIndex((l) => l.kind === 'consumption');
const feeLine = async (invoice: string) => (await linesOf(invoice)).findIndex((l) => l.kind === 'fixed-fee');
const credit = (invoice: string, body: Record<string, unknown>, agent = root) =>
  agent.post(`/utilities/invoices/${invoice}/credit-notes`, {
    requestId: randomUUID(),
    reason: 'Zähler falsch abgelesen',
    ...body,
  });

async function pdfText(url: string) {
  const res = await root.get(url).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = path.join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, res.body as Buffer);
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'), headers: res.headers };
}

test('10 m³ of Anna’s water credited: numbered, on the invoice, in German without a payment part', async () => {
  const water = await waterLine(jan.anna.documentId);
  // 10 × 3.00 = 30.00, VAT 30.00 × 8.1 % = 2.43, total 32.43.
  const res = await credit(jan.anna.documentId, { lines: [{ line: water, quantity: '10' }] });
  expect(res.status).toBe(201);
  const note = res.body.data;
  expect(note.number).toBe(`CN-${year}-000001`);
  expect(note.invoice).toBe(jan.anna.documentId);
  expect(note.totals).toMatchObject({ net: '30.00', vat: '2.43', gross: '32.43' });
  expect(note.lines).toEqual([
    expect.objectContaining({
      line: water,
      credit: 'quantity',
      quantity: '10',
      amount: '30.00',
      vatAmount: '2.43',
    }),
  ]);
  expect(note.issuedBy).toContain('@');

  // On the invoice: 233.50 − 32.43 = 201.07 remains.
  const invoice = (await root.get(`/utilities/invoices/${jan.anna.documentId}`)).body.data;
  expect(invoice.status).toBe('finalized');
  expect(invoice.totals.gross).toBe('233.50');
  expect(invoice.credit).toEqual({
    creditNotes: [
      {
        documentId: note.documentId,
        number: note.number,
        issuedOn: note.issuedOn,
        reason: note.reason,
        gross: '32.43',
      },
    ],
    credited: '32.43',
    remaining: '201.07',
  });
  expect((await root.get(`/utilities/credit-notes?invoice=${jan.anna.documentId}`)).body.data).toHaveLength(
    1,
  );

  const { text, headers } = await pdfText(`/utilities/credit-notes/${note.documentId}/document.pdf`);
  expect(headers['content-disposition']).toContain(`filename="${note.number}.pdf"`);
  expect(text).toContain(`Gutschrift ${note.number}`);
  expect(text).toContain('Gutschriftsnummer');
  expect(text).toMatch(new RegExp(`Bezieht sich auf Rechnung\\s+${jan.anna.number} \\(`));
  expect(text).toContain('Zähler falsch abgelesen');
  expect(text).toContain('Zähler W-ZH, Zählwerk 1');
  expect(text).toMatch(/10 m³\s+3\.00\s+8\.1 %\s+30\.00/);
  expect(text).toMatch(/Total Gutschrift CHF\s+32\.43/);
  expect(text).toContain('mit Ihrer nächsten Rechnung verrechnet');
  // Swiss practice: a credit note is no payment slip.
  expect(text).not.toContain('Zahlteil');
  expect(text).not.toContain('Empfangsschein');
  expect(text).not.toContain('Zahlbar bis');

  expect(events).toContainEqual({
    event: 'utilities.credit-note.issued',
    payload: {
      creditNote: {
        documentId: note.documentId,
        number: note.number,
        invoice: jan.anna.documentId,
        path: `/utilities/credit-notes/${note.documentId}`,
        document: `/utilities/credit-notes/${note.documentId}/document.pdf`,
      },
    },
  });
});

test('Béatrice’s fee credited in French, numbered in her building issuer’s own sequence', async () => {
  const fee = await feeLine(jan.beatrice.documentId);
  const res = await credit(jan.beatrice.documentId, {
    reason: 'Taxe de base facturée à tort',
    lines: [{ line: fee }],
  });
  expect(res.status).toBe(201);
  // Another issuer: its own credit-note sequence starts at 1. 30.00 + 2.43 = 32.43.
  expect(res.body.data.number).toBe(`CN-${year}-000001`);
  expect(res.body.data.issuer).toBe(`building:${fx.buildings.ls}`);
  const { text } = await pdfText(`/utilities/credit-notes/${res.body.data.documentId}/document.pdf`);
  expect(text).toContain(`Note de crédit ${res.body.data.number}`);
  expect(text).toMatch(new RegExp(`Se rapporte à la facture\\s+${jan.beatrice.number} \\(`));
  expect(text).toContain('Motif');
  expect(text).toContain('Taxe de base facturée à tort');
  expect(text).toMatch(/Total crédité CHF\s+32,43/);
  expect(text).not.toContain('Section paiement');
});

test('hostile input: over-credit, unknown and repeated lines, negatives, a draft — 4xx, nothing issued', async () => {
  const id = jan.anna.documentId;
  const water = await waterLine(id);
  const before = (await root.get(`/utilities/credit-notes?invoice=${id}`)).body.data.length as number;
  // The refusals of the rules carry a code (and params) the admin translates; the
  // request's shape is zod's (code "validation", a zod code per field).
  const refused: [Record<string, unknown>, number, RegExp, string?][] = [
    // 62 m³ billed, 10 credited: 52 left.
    [{ lines: [{ line: water, quantity: '53' }] }, 400, /At most 52 remains/, 'credit-quantity-too-large'],
    [
      { lines: [{ line: water, amount: '156.01' }] },
      400,
      /At most 156\.00 CHF remains/,
      'credit-amount-too-large',
    ],
    [{ lines: [{ line: 99 }] }, 400, /has no line 99/, 'credit-no-such-line'],
    [{ lines: [{ line: water, quantity: '-5' }] }, 400, /above zero/, 'credit-quantity-invalid'],
    [{ lines: [{ line: water, amount: '-5' }] }, 400, /above zero/, 'credit-amount-invalid'],
    [{ lines: [{ line: water, quantity: 'NaN' }] }, 400, /above zero/, 'credit-quantity-invalid'],
    [{ lines: [{ line: water }, { line: water }] }, 400, /named twice/, 'credit-line-twice'],
    [{ lines: [] }, 400, /at least one line/],
    [{ lines: 'everything' }, 400, /lines must be/],
    [{ lines: 'all', requestId: 'x' }, 400, /requestId/],
    [{ lines: 'all', reason: '' }, 400, /Reason/],
    [{ lines: 'all', reason: 'a\u0007b' }, 400, /control/],
    [{ lines: 'all', total: '-1' }, 400, /Unknown field "total"/],
  ];
  for (const [body, status, message, code = 'validation'] of refused) {
    const res = await credit(id, body);
    expect([res.status, res.body.error?.message, res.body.error?.details?.code]).toEqual([
      status,
      expect.stringMatching(message),
      code,
    ]);
  }
  expect((await root.post(`/utilities/invoices/${id}/credit-notes`).send('[1]').type('json')).status).toBe(
    400,
  );
  expect((await credit('no-such-invoice', { lines: 'all' })).status).toBe(404);

  // A draft is changed by recomputing its run, not credited.
  const draft = (
    (await root.get(`/utilities/invoices?chargeRun=${febRun}`)).body.data as { documentId: string }[]
  )[0];
  const res = await credit(draft.documentId, { lines: 'all' });
  expect(res.status).toBe(409);
  expect(res.body.error.message).toMatch(/draft/);
  expect(res.body.error.details).toMatchObject({
    code: 'credit-invoice-draft',
    params: { invoice: draft.documentId },
  });
  expect((await root.get(`/utilities/credit-notes?invoice=${id}`)).body.data).toHaveLength(before);
  expect((await root.get('/utilities/credit-notes?invoce=x')).status).toBe(400);
});

test('the same submit twice, also at the same moment, issues one credit note', async () => {
  const id = jan.anna.documentId;
  const water = await waterLine(id);
  const body = { requestId: randomUUID(), reason: 'Kulanz', lines: [{ line: water, amount: '5.00' }] };
  const answers = await Promise.all(
    [1, 2, 3].map(() => root.post(`/utilities/invoices/${id}/credit-notes`, body)),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  const issued = answers.find((a) => a.status === 201)!.body.data;
  for (const again of answers.filter((a) => a.status === 409))
    expect(again.body.error.details).toMatchObject({
      creditNote: issued.documentId,
      number: issued.number,
      code: 'credit-note-already-issued',
      params: { number: issued.number, requestId: body.requestId },
    });
  const later = await root.post(`/utilities/invoices/${id}/credit-notes`, body);
  expect(later.status).toBe(409);
  expect(later.body.error.message).toContain(issued.number);
});

test('two concurrent credit notes of the rest: one is issued, the other would over-credit (400)', async () => {
  const id = jan.anna.documentId;
  const answers = await Promise.all([1, 2].map(() => credit(id, { lines: 'all' })));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 400]);
  // 233.50 − 32.43 − 5.41 (5.00 + VAT 0.405 → 0.41): the rest, 195.66, exactly.
  expect(answers.find((a) => a.status === 201)!.body.data.totals.gross).toBe('195.66');
  const invoice = (await root.get(`/utilities/invoices/${id}`)).body.data;
  expect(invoice.credit).toMatchObject({ credited: '233.50', remaining: '0.00' });
  expect(invoice.credit.creditNotes).toHaveLength(3);
  expect((await credit(id, { lines: 'all' })).body.error.message).toMatch(/already been credited/);
});

test('the party’s statement: invoices, credit notes and the balance', async () => {
  const res = await root.get(`/utilities/parties/${fx.parties.anna}/statement`);
  expect(res.status).toBe(200);
  const { entries, balances } = res.body.data;
  expect(
    entries.map((e: { kind: string; signed: string; balance: string }) => [e.kind, e.signed, e.balance]),
  ).toEqual([
    ['invoice', '233.50', '233.50'],
    ['credit-note', '-32.43', '201.07'],
    ['credit-note', '-5.41', '195.66'],
    ['credit-note', '-195.66', '0.00'],
  ]);
  expect(balances).toEqual([{ currency: 'CHF', balance: '0.00' }]);
  expect((await root.get('/utilities/parties/nobody/statement')).status).toBe(404);
});

test('12 concurrent credit notes: each issuer’s numbers continue without gap or repeat', async () => {
  const feb = await finalizeRun(root, fx, febRun);
  const mar = await finalizeRun(root, fx, await draftRun(root, month(2)));
  const targets = [feb.anna, feb.beatrice, mar.anna, mar.beatrice];
  const waters = await Promise.all(targets.map((t) => waterLine(t.documentId)));
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      credit(targets[i % 4].documentId, { lines: [{ line: waters[i % 4], amount: '1.00' }] }),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
  const seqOf = (a: (typeof answers)[number]) => Number((a.body.data.number as string).split('-')[2]);
  const byIssuer = (annaSide: boolean) =>
    answers
      .filter((_, i) => (i % 2 === 0) === annaSide)
      .map(seqOf)
      .sort((a, b) => a - b);
  // The default issuer had 3 credit notes (the 10 m³, the double submit, the race), the
  // Lausanne one 1: six more each.
  expect(byIssuer(true)).toEqual([4, 5, 6, 7, 8, 9]);
  expect(byIssuer(false)).toEqual([2, 3, 4, 5, 6, 7]);
});

test('RBAC: charging.read reads credit notes; issuing one needs charging.finalize', async () => {
  const reader = await adminWith(app.strapi, app.http, ['charging.read']);
  const finalizer = await adminWith(app.strapi, app.http, ['charging.finalize']);
  const nobody = await adminWith(app.strapi, app.http, []);
  const id = jan.beatrice.documentId;
  const water = await waterLine(id);
  expect((await credit(id, { lines: [{ line: water, amount: '1.00' }] }, reader)).status).toBe(403);
  expect((await credit(id, { lines: [{ line: water, amount: '1.00' }] }, nobody)).status).toBe(403);
  const issued = await credit(id, { lines: [{ line: water, amount: '1.00' }] }, finalizer);
  expect(issued.status).toBe(201);
  const note = issued.body.data.documentId as string;
  expect((await reader.get(`/utilities/credit-notes/${note}`)).status).toBe(200);
  expect((await reader.get(`/utilities/credit-notes/${note}/document.pdf`)).status).toBe(200);
  expect((await reader.get(`/utilities/parties/${fx.parties.beatrice}/statement`)).status).toBe(200);
  expect((await nobody.get(`/utilities/credit-notes/${note}`)).status).toBe(403);
  expect((await nobody.get(`/utilities/credit-notes?invoice=${id}`)).status).toBe(403);
  expect((await root.get('/utilities/credit-notes/nope')).status).toBe(404);
});
