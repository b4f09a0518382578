import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { draftRun, finalizedJanuary, month, type InvoiceRef } from './support/documents-fixture';

/**
 * A finalized run's documents as one ZIP (`GET /utilities/charge-runs/:id/documents.zip`):
 * one PDF per invoice, named by its number. January 2023: Anna (ZH1, German, default
 * issuer) and Béatrice (LS1, French, her building's own issuer). Each issuer numbers its
 * own invoices, so both are number 1 of the year: the files carry the billing point too.
 *
 * @sqlite-only packing a run’s PDFs; the run behind it is the documents suites’ on every
 * database.
 */
let app: TestApp;
let root: Agent;
let janRun: string;
let jan: { anna: InvoiceRef; beatrice: InvoiceRef };
const dir = mkdtempSync(path.join(tmpdir(), 'run-zip-'));

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ({ janRun, jan } = await finalizedJanuary(app, root, 2));
}, 240_000);
afterAll(async () => app?.stop());

/** The ZIP as bytes (or the error body's bytes). */
const download = (run: string) =>
  root
    .get(`/utilities/charge-runs/${run}/documents.zip`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
const errorOf = (res: { body: unknown }) =>
  (JSON.parse((res.body as Buffer).toString('utf8')) as { error: { message: string } }).error;

test('one PDF per invoice, named by its number, each carrying that number in its language', async () => {
  const res = await download(janRun);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  expect(res.headers['content-disposition']).toBe(
    `attachment; filename="documents-2023-01-01-2023-01-31-${janRun}.zip"`,
  );
  const zip = path.join(dir, 'jan.zip');
  writeFileSync(zip, res.body as Buffer);
  const out = path.join(dir, 'jan');
  execFileSync('unzip', ['-q', zip, '-d', out]); // fails on a damaged archive (CRC, sizes)
  // Both issuers' first invoice of the year: the same number, told apart by billing point.
  expect(jan.anna.number).toBe(jan.beatrice.number);
  expect(readdirSync(out).sort()).toEqual(
    [`${jan.anna.number}-LS1-01.pdf`, `${jan.anna.number}-ZH1-01.pdf`].sort(),
  );
  const text = (file: string) =>
    execFileSync('pdftotext', ['-layout', path.join(out, file), '-']).toString('utf8');
  const anna = text(`${jan.anna.number}-ZH1-01.pdf`);
  expect(anna).toContain(`Rechnung ${jan.anna.number}`);
  expect(anna).toContain('Anna Amsler');
  expect(anna).toMatch(/Total CHF\s+233\.50/);
  const beatrice = text(`${jan.beatrice.number}-LS1-01.pdf`);
  expect(beatrice).toContain(`Facture ${jan.beatrice.number}`);
  expect(beatrice).toContain('Béatrice Blanc');
  expect(beatrice).toMatch(/Total CHF\s+132,96/);
});

test('a draft has no documents yet, nor has a void run (409); an unknown run is 404', async () => {
  const draft = await draftRun(root, month(1));
  const res = await download(draft);
  expect(res.status).toBe(409);
  expect(errorOf(res).message).toMatch(/draft/);
  expect((await download('no-such-run')).status).toBe(404);
  expect((await download('%00')).status).toBe(404);
  expect((await root.post(`/utilities/charge-runs/${janRun}/void`, {})).status).toBe(200);
  const voided = await download(janRun);
  expect(voided.status).toBe(409);
  expect(errorOf(voided).message).toMatch(/void/);
});
