import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_BOOT_TIMEOUT_MS, startSeededDemo, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

/**
 * The demo's billing documents (playground/src/demo/documents.js), booted as `npm run demo`
 * boots it, with the deployment's mail server given as UTILITIES_SMTP_URL (a real SMTP sink
 * on 127.0.0.1): finalizing the demo month's run numbers its invoices, German- and
 * French-speaking residents get their PDF in their language, the run's e-mails reach the
 * sink with the PDF attached, and a credit note for one line shows on the invoice and on
 * the resident's statement.
 *
 * @sqlite-only the demo’s documents and e-mails; their queries are documents-email’s and
 * documents-run-void’s on every database.
 */
jest.setTimeout(240_000);
const USER = 'demo@immo-leman.example';
const PASSWORD = 'Demo-Smtp-2026!';
let app: TestApp;
let admin: Agent;
let sink: SmtpSink;
const dir = mkdtempSync(path.join(tmpdir(), 'demo-documents-'));
const saved = { url: process.env.UTILITIES_SMTP_URL, from: process.env.UTILITIES_SMTP_FROM };

type Invoice = {
  documentId: string;
  number: string | null;
  party: { documentId: string; displayName: string };
  totals: { gross: string };
};

beforeAll(async () => {
  sink = await startSmtpSink(USER, PASSWORD);
  app = await startSeededDemo({
    UTILITIES_SMTP_URL: `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sink.port}`,
    UTILITIES_SMTP_FROM: 'gerance@immo-leman.example',
  });
  admin = await superAdmin(app.strapi, app.http);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => {
  await app?.stop();
  await sink?.close();
  for (const [key, value] of [
    ['UTILITIES_SMTP_URL', saved.url],
    ['UTILITIES_SMTP_FROM', saved.from],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

async function pdfText(url: string) {
  const res = await admin.get(url).buffer(true);
  expect(res.status).toBe(200);
  const file = path.join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, res.body as Buffer);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

test('finalize, PDFs in German and French, e-mails at the SMTP sink, a credit note on the statement', async () => {
  const issuer = (await admin.get('/utilities/document-settings')).body.data.default;
  expect(issuer).toMatchObject({
    name: 'Immo Léman SA',
    iban: 'CH4431999123000889012',
    defaultLanguage: 'fr',
  });

  const runs = (await admin.get('/utilities/charge-runs?pageSize=100')).body.data as { documentId: string }[];
  expect(runs).toHaveLength(1);
  const run = runs[0].documentId;
  expect((await admin.post(`/utilities/charge-runs/${run}/finalize`, {})).status).toBe(200);
  const invoices = (await admin.get(`/utilities/invoices?chargeRun=${run}&pageSize=100`)).body
    .data as Invoice[];
  expect(invoices.length).toBeGreaterThan(5);
  // Numbered 1…n of this year, without gap.
  const year = new Date().getFullYear();
  expect(invoices.map((i) => i.number).sort()).toEqual(
    invoices.map((_, k) => `${year}-${String(k + 1).padStart(6, '0')}`),
  );

  const of = (name: string) => {
    const found = invoices.find((i) => i.party.displayName === name);
    if (!found)
      throw new Error(`no invoice of ${name}: ${invoices.map((i) => i.party.displayName).join(', ')}`);
    return found;
  };
  const blumer = of('Hans Blumer');
  const german = await pdfText(`/utilities/invoices/${blumer.documentId}/document.pdf`);
  expect(german).toContain(`Rechnung ${blumer.number}`);
  expect(german).toContain('Zahlteil');
  const dubois = of('Luc Dubois');
  const french = await pdfText(`/utilities/invoices/${dubois.documentId}/document.pdf`);
  expect(french).toContain(`Facture ${dubois.number}`);
  expect(french).toContain('Section paiement');

  // The run's e-mails: every resident with an address gets one, with the PDF.
  expect((await admin.post(`/utilities/charge-runs/${run}/send`, {})).status).toBe(202);
  const deadline = Date.now() + 120_000;
  const mailOf = (invoice: Invoice) =>
    sink.received.find((m) => m.attachments[0]?.filename === `${invoice.number}.pdf`);
  while (!(mailOf(blumer) && mailOf(dubois)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  expect(JSON.stringify(mailOf(blumer)?.to)).toContain('hans.blumer@example.com');
  expect(mailOf(blumer)?.subject).toBe(`Rechnung ${blumer.number} – Immo Léman SA`);
  expect(JSON.stringify(mailOf(dubois)?.to)).toContain('luc.dubois@example.com');
  expect(mailOf(dubois)?.subject).toBe(`Facture ${dubois.number} – Immo Léman SA`);

  // A credit note for one line of Hans Blumer's invoice.
  const lines = (await admin.get(`/utilities/invoices/${blumer.documentId}`)).body.data.lines as {
    kind: string;
    amount: string;
    vatAmount: string;
  }[];
  const line = lines.findIndex((l) => Number(l.amount) > 0);
  const note = await admin.post(`/utilities/invoices/${blumer.documentId}/credit-notes`, {
    requestId: randomUUID(),
    reason: 'Zählerstand korrigiert',
    lines: [{ line }],
  });
  expect(note.status).toBe(201);
  const credited = (Number(lines[line].amount) + Number(lines[line].vatAmount)).toFixed(2);
  expect(note.body.data.totals.gross).toBe(credited);
  expect((await admin.get(`/utilities/invoices/${blumer.documentId}`)).body.data.credit).toMatchObject({
    creditNotes: [{ number: note.body.data.number }],
    credited,
  });
  const statement = (await admin.get(`/utilities/parties/${blumer.party.documentId}/statement`)).body.data;
  expect(statement.entries).toContainEqual(
    expect.objectContaining({ kind: 'credit-note', number: note.body.data.number, signed: `-${credited}` }),
  );
  expect(await pdfText(`/utilities/credit-notes/${note.body.data.documentId}/document.pdf`)).toContain(
    `Gutschrift ${note.body.data.number}`,
  );
});
