import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  documentsFixture,
  draftRun,
  finalizeRun,
  month,
  SEEFELD_ISSUER,
  type DocumentsFixture,
} from './support/documents-fixture';

/**
 * Residents download their own invoice PDFs from the content API
 * (`GET /api/utilities/me/invoices/:id/document.pdf`, users-permissions JWT), and
 * list and download their credit notes (`/api/utilities/me/credit-notes…`).
 * January 2023 (see documents-pdf.test.ts for the arithmetic): Anna (German) owes
 * 233.50 CHF, Béatrice (French) 132.96 CHF. Each signs in as herself; neither gets
 * the other's document, a draft's, or anything without signing in.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
const dir = mkdtempSync(path.join(tmpdir(), 'resident-pdf-'));
const jwt: Record<'anna' | 'beatrice' | 'carl', string> = { anna: '', beatrice: '', carl: '' };
const invoices: Record<'anna' | 'beatrice', { documentId: string; number: string }> = {} as never;
let draftOfAnna = '';
let janRun = '';

async function register(username: string) {
  const res = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username, email: `${username}@members.test`, password: 'Member-Passw0rd!' });
  if (res.status !== 200) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id as number, jwt: res.body.jwt as string };
}

const asMember = (who: keyof typeof jwt, url: string) =>
  app.http().get(url).set('Authorization', `Bearer ${jwt[who]}`).buffer(true);

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 2);
  expect((await root.put('/utilities/document-settings', SEEFELD_ISSUER)).status).toBe(200);
  for (const [who, party] of [
    ['anna', fx.parties.anna],
    ['beatrice', fx.parties.beatrice],
  ] as const) {
    const user = await register(who);
    jwt[who] = user.jwt;
    // The admin links the party to the member's account, as on the party page.
    expect((await root.put(`/utilities/parties/${party}`, { member: user.id })).status).toBe(200);
  }
  jwt.carl = (await register('carl')).jwt; // signed in, but no party
  janRun = await draftRun(root, month(0));
  Object.assign(invoices, await finalizeRun(root, fx, janRun));
  const draft = await draftRun(root, month(1));
  const drafts = (await root.get(`/utilities/invoices?chargeRun=${draft}`)).body.data as {
    documentId: string;
    billingPoint: { documentId: string };
  }[];
  draftOfAnna = drafts.find((i) => i.billingPoint.documentId === fx.points.zh)!.documentId;
}, 240_000);
afterAll(async () => app?.stop());

function text(pdf: Buffer, name: string) {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

test('the list names each invoice’s number, so the resident can fetch its PDF', async () => {
  const res = await asMember('anna', '/api/utilities/me/invoices');
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(1);
  expect(res.body.data[0]).toMatchObject({
    documentId: invoices.anna.documentId,
    number: invoices.anna.number,
    status: 'finalized',
  });
});

test('a German-speaking resident downloads her invoice in German', async () => {
  const res = await asMember('anna', `/api/utilities/me/invoices/${invoices.anna.documentId}/document.pdf`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${invoices.anna.number}.pdf"`);
  const t = text(res.body as Buffer, 'anna');
  expect(t).toContain(`Rechnung ${invoices.anna.number}`);
  expect(t).toContain('Anna Amsler');
  expect(t).toMatch(/Total CHF\s+233\.50/);
  expect(t).toContain('Zahlteil');
  expect(t).not.toContain('Facture');
});

test('a French-speaking resident downloads hers in French', async () => {
  const res = await asMember(
    'beatrice',
    `/api/utilities/me/invoices/${invoices.beatrice.documentId}/document.pdf`,
  );
  expect(res.status).toBe(200);
  const t = text(res.body as Buffer, 'beatrice');
  expect(t).toContain(`Facture ${invoices.beatrice.number}`);
  expect(t).toContain('Béatrice Blanc');
  expect(t).toMatch(/Total CHF\s+132,96/);
  expect(t).toContain('Section paiement');
  expect(t).not.toContain('Rechnung');
});

test('nobody gets another resident’s document: the same 404 as an unknown id', async () => {
  const other = await asMember(
    'anna',
    `/api/utilities/me/invoices/${invoices.beatrice.documentId}/document.pdf`,
  );
  expect(other.status).toBe(404);
  expect(other.headers['content-type']).not.toBe('application/pdf');
  const unknown = await asMember('anna', '/api/utilities/me/invoices/no-such-invoice/document.pdf');
  expect(unknown.status).toBe(404);
  expect(other.body.error.message).toBe(
    unknown.body.error.message.replace('no-such-invoice', invoices.beatrice.documentId),
  );
  expect(
    (await asMember('beatrice', `/api/utilities/me/invoices/${invoices.anna.documentId}/document.pdf`))
      .status,
  ).toBe(404);
  // Signed in without a party.
  expect(
    (await asMember('carl', `/api/utilities/me/invoices/${invoices.anna.documentId}/document.pdf`)).status,
  ).toBe(404);
});

test('a draft of the resident’s own is not there yet (404), nor is a hostile id', async () => {
  expect((await asMember('anna', `/api/utilities/me/invoices/${draftOfAnna}/document.pdf`)).status).toBe(404);
  for (const id of ['%24ne', '..%2F..%2Fetc', 'x'.repeat(300), '%00'])
    expect((await asMember('anna', `/api/utilities/me/invoices/${id}/document.pdf`)).status).toBe(404);
});

test('without signing in, or with a forged token, there is no document', async () => {
  const url = `/api/utilities/me/invoices/${invoices.anna.documentId}/document.pdf`;
  expect([401, 403]).toContain((await app.http().get(url)).status);
  expect([401, 403]).toContain((await app.http().get(url).set('Authorization', 'Bearer not-a-jwt')).status);
});

const creditNoteOf = async (invoice: string, reason: string) => {
  const res = await root.post(`/utilities/invoices/${invoice}/credit-notes`, {
    requestId: `resident-${invoice}`,
    reason,
    lines: 'all',
  });
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; number: string };
};

test('a resident lists her own credit notes and downloads each in her language; nobody else’s (404)', async () => {
  // Béatrice's invoice credited in full: 132.96 CHF.
  const note = await creditNoteOf(invoices.beatrice.documentId, 'Compteur mal relevé');
  const list = await asMember('beatrice', '/api/utilities/me/credit-notes');
  expect(list.status).toBe(200);
  expect(list.body.data).toHaveLength(1);
  expect(list.body.data[0]).toMatchObject({
    documentId: note.documentId,
    number: note.number,
    reason: 'Compteur mal relevé',
    invoice: { documentId: invoices.beatrice.documentId, number: invoices.beatrice.number },
    currency: 'CHF',
    totals: { gross: '132.96' },
  });
  expect((await asMember('anna', '/api/utilities/me/credit-notes')).body.data).toEqual([]);
  expect((await asMember('carl', '/api/utilities/me/credit-notes')).body.data).toEqual([]);

  const url = `/api/utilities/me/credit-notes/${note.documentId}/document.pdf`;
  const res = await asMember('beatrice', url);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${note.number}.pdf"`);
  const t = text(res.body as Buffer, 'beatrice-credit');
  expect(t).toContain(`Note de crédit ${note.number}`);
  expect(t).toContain('Compteur mal relevé');
  expect(t).toMatch(/Total crédité CHF\s+132,96/);

  // Anna, Carl, an unknown id, hostile ids: the same 404, never the document.
  const other = await asMember('anna', url);
  expect(other.status).toBe(404);
  expect(other.headers['content-type']).not.toBe('application/pdf');
  const unknown = await asMember('anna', '/api/utilities/me/credit-notes/no-such-note/document.pdf');
  expect(other.body.error.message).toBe(unknown.body.error.message.replace('no-such-note', note.documentId));
  expect((await asMember('carl', url)).status).toBe(404);
  for (const id of ['%24ne', '..%2F..%2Fetc', 'x'.repeat(300), '%00', invoices.beatrice.documentId])
    expect((await asMember('beatrice', `/api/utilities/me/credit-notes/${id}/document.pdf`)).status).toBe(
      404,
    );
  expect([401, 403]).toContain((await app.http().get(url)).status);
  expect([401, 403]).toContain((await app.http().get('/api/utilities/me/credit-notes')).status);
  expect((await asMember('beatrice', '/api/utilities/me/credit-notes?sort=reason:asc')).status).toBe(400);
});

test('after her run is voided, the resident still has her invoice, now void, beside its credit note', async () => {
  expect((await root.post(`/utilities/charge-runs/${janRun}/void`, {})).status).toBe(200);
  const mine = await asMember('anna', '/api/utilities/me/invoices');
  expect(mine.body.data).toHaveLength(1);
  expect(mine.body.data[0]).toMatchObject({
    documentId: invoices.anna.documentId,
    number: invoices.anna.number,
    status: 'void',
  });
  expect(
    (await asMember('anna', `/api/utilities/me/invoices/${invoices.anna.documentId}/document.pdf`)).status,
  ).toBe(200);
  // The void credited all of it (233.50), in German.
  const notes = (await asMember('anna', '/api/utilities/me/credit-notes')).body.data;
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({
    reason: 'Verrechnungslauf storniert',
    invoice: { documentId: invoices.anna.documentId, number: invoices.anna.number },
    totals: { gross: '233.50' },
  });
  const pdf = await asMember('anna', `/api/utilities/me/credit-notes/${notes[0].documentId}/document.pdf`);
  expect(text(pdf.body as Buffer, 'anna-void')).toContain(`Gutschrift ${notes[0].number}`);
  // Béatrice: her own note and the void's of what was left — nothing, so none.
  expect((await asMember('beatrice', '/api/utilities/me/credit-notes')).body.data).toHaveLength(1);
});
