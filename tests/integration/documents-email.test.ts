import { execFileSync } from 'node:child_process';
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
  SEEFELD_ISSUER,
  type DocumentsFixture,
  type InvoiceRef,
} from './support/documents-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

/**
 * Invoices e-mailed through a real SMTP server on 127.0.0.1 (smtp-server as the sink,
 * with AUTH PLAIN/LOGIN required): finalizing January 2023 sends Anna (German) and
 * Béatrice (French) their invoice PDFs; the received messages are parsed (mailparser)
 * and the attached PDF read back with pdftotext. The sink refuses RCPT for
 * bounce@… with 550, so a failure comes from a real server's answer.
 */
const SMTP_USER = 'billing@seefeld.example';
const SMTP_PASSWORD = 'Smtp-Secret-4711!';
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let sink: SmtpSink;
const dir = mkdtempSync(path.join(tmpdir(), 'invoice-mail-'));
let january: { anna: InvoiceRef; beatrice: InvoiceRef };
let janRun = '';
let draftInvoice = '';

const settings = (extra: Record<string, unknown> = {}) => ({
  enabled: true,
  host: '127.0.0.1',
  port: sink.port,
  secure: false,
  user: SMTP_USER,
  password: SMTP_PASSWORD,
  fromAddress: 'rechnungen@seefeld.example',
  fromName: 'Immo Seefeld AG',
  replyTo: 'verwaltung@seefeld.example',
  sendOnFinalize: true,
  ...extra,
});

/** Waits until `done` holds (the background queue at work); fails with what it saw after 60 s. */
async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const deliveryOf = async (id: string) =>
  (await root.get(`/utilities/invoices/${id}`)).body.data.delivery as {
    status: string;
    to: string | null;
    at: string | null;
    error: string | null;
    attempts: number;
  } | null;

function pdfText(content: Buffer, name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

const mailTo = (address: string) =>
  sink.received.filter((m) => m.to && JSON.stringify(m.to).includes(address));

beforeAll(async () => {
  sink = await startSmtpSink(SMTP_USER, SMTP_PASSWORD);
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 2);
  expect((await root.put('/utilities/document-settings', SEEFELD_ISSUER)).status).toBe(200);
  janRun = await draftRun(root, month(0));
  const drafts = (await root.get(`/utilities/invoices?chargeRun=${janRun}`)).body.data as {
    documentId: string;
  }[];
  draftInvoice = drafts[0].documentId;
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await sink?.close();
});

describe('SMTP settings', () => {
  test('before they are set, sending is refused with what to do (409)', async () => {
    const res = await root.post(`/utilities/invoices/${draftInvoice}/send`, {});
    expect(res.status).toBe(409);
    expect((await root.get('/utilities/document-settings/email')).body.data).toMatchObject({
      enabled: false,
      passwordSet: false,
    });
  });

  test.each([
    ['a port out of range', { port: 70000 }, 'port'],
    ['a malformed sender', { fromAddress: 'rechnungen at seefeld' }, 'fromAddress'],
    ['a host with a path', { host: 'smtp.example/../x' }, 'host'],
    ['on without a host', { host: null }, 'host'],
    ['an unknown key', { tls: { rejectUnauthorized: false } }, ''],
    ['a password that is not text', { password: 12345 }, 'password'],
  ])('%s → 400 naming the field', async (_what, extra, field) => {
    const res = await root.put('/utilities/document-settings/email', settings(extra));
    expect(res.status).toBe(400);
    if (field) expect(JSON.stringify(res.body.error)).toContain(field);
  });

  test('a body that is not an object → 400', async () => {
    for (const body of [[], 'x', null])
      expect((await root.put('/utilities/document-settings/email', body)).status).toBe(400);
  });

  test('the password is sealed at rest and never answered', async () => {
    const res = await root.put('/utilities/document-settings/email', settings());
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      enabled: true,
      host: '127.0.0.1',
      port: sink.port,
      passwordSet: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(SMTP_PASSWORD);
    const read = await root.get('/utilities/document-settings/email');
    expect(read.body.data).not.toHaveProperty('password');
    expect(JSON.stringify(read.body)).not.toContain(SMTP_PASSWORD);
    const stored = JSON.stringify(
      await app.strapi.store({ type: 'plugin', name: 'utilities', key: 'documents-email' }).get({}),
    );
    expect(stored).not.toContain(SMTP_PASSWORD);
    expect(stored).toMatch(/"sealedPassword":"v1:[A-Za-z0-9_-]+:/);
    // Leaving the password out keeps it.
    const { password: _omit, ...withoutPassword } = settings();
    expect(
      (await root.put('/utilities/document-settings/email', withoutPassword)).body.data.passwordSet,
    ).toBe(true);
  });

  test('only documents.settings changes them; documents.read reads them', async () => {
    const reader = await adminWith(app.strapi, app.http, ['documents.read', 'charging.read']);
    expect((await reader.get('/utilities/document-settings/email')).status).toBe(200);
    expect((await reader.put('/utilities/document-settings/email', settings())).status).toBe(403);
    expect((await reader.post(`/utilities/invoices/${draftInvoice}/send`, {})).status).toBe(403);
    expect((await reader.post(`/utilities/charge-runs/${janRun}/send`, {})).status).toBe(403);
  });
});

describe('sending', () => {
  test('a draft is not e-mailed (409), nor a draft run’s invoices; an unknown invoice is 404', async () => {
    expect((await root.post(`/utilities/invoices/${draftInvoice}/send`, {})).status).toBe(409);
    expect((await root.post(`/utilities/charge-runs/${janRun}/send`, {})).status).toBe(409);
    expect((await root.post('/utilities/invoices/nope/send', {})).status).toBe(404);
    expect((await root.post('/utilities/charge-runs/nope/send', {})).status).toBe(404);
    expect(sink.received).toHaveLength(0);
  });

  test('finalizing sends each party its PDF in its language', async () => {
    january = await finalizeRun(root, fx, janRun);
    const anna = await until(
      'Anna’s delivery',
      () => deliveryOf(january.anna.documentId),
      (d) => d?.status === 'sent',
    );
    expect(anna).toMatchObject({ status: 'sent', to: 'anna@example.test', error: null, attempts: 1 });
    await until(
      'Béatrice’s delivery',
      () => deliveryOf(january.beatrice.documentId),
      (d) => d?.status === 'sent',
    );
    expect(sink.received).toHaveLength(2);

    const [de] = mailTo('anna@example.test');
    expect(de.subject).toBe(`Rechnung ${january.anna.number} – Immo Seefeld AG`);
    expect(de.from?.value[0]).toEqual({ name: 'Immo Seefeld AG', address: 'rechnungen@seefeld.example' });
    expect(de.replyTo?.text).toBe('verwaltung@seefeld.example');
    expect(de.text).toContain('Guten Tag Anna Amsler');
    expect(de.text).toContain('CHF 233.50');
    expect(de.attachments).toHaveLength(1);
    expect(de.attachments[0]).toMatchObject({
      filename: `${january.anna.number}.pdf`,
      contentType: 'application/pdf',
    });
    const deText = pdfText(de.attachments[0].content, 'anna.pdf');
    expect(deText).toContain(`Rechnung ${january.anna.number}`);
    expect(deText).toMatch(/Total CHF\s+233\.50/);

    const [fr] = mailTo('beatrice@example.test');
    expect(fr.subject).toBe(`Facture ${january.beatrice.number} – Immo Seefeld AG`);
    expect(fr.text).toContain('Bonjour Béatrice Blanc,');
    expect(fr.text).toContain('CHF 132,96');
    const frText = pdfText(fr.attachments[0].content, 'beatrice.pdf');
    expect(frText).toContain(`Facture ${january.beatrice.number}`);
    expect(frText).toMatch(/Total CHF\s+132,96/);
  });

  test('a run sent again queues only what is not sent yet; all=true everything', async () => {
    const again = await root.post(`/utilities/charge-runs/${janRun}/send`, {});
    expect(again.status).toBe(202);
    expect(again.body.data).toEqual({ queued: 0, invoices: 2 });
    expect((await root.post(`/utilities/charge-runs/${janRun}/send`, { all: 'yes' })).status).toBe(400);
    expect((await root.post(`/utilities/charge-runs/${janRun}/send`, { every: true })).status).toBe(400);
    const all = await root.post(`/utilities/charge-runs/${janRun}/send`, { all: true });
    expect(all.body.data).toEqual({ queued: 2, invoices: 2 });
    await until(
      'the resend',
      () => Promise.resolve(sink.received.length),
      (n) => n === 4,
    );
    await until(
      'attempts recorded',
      () => deliveryOf(january.beatrice.documentId),
      (d) => d?.status === 'sent' && d.attempts === 2,
    );
  });

  test('a mailbox the server refuses: failed with the server’s reason, then resent once fixed', async () => {
    const id = january.beatrice.documentId;
    expect(
      (await root.put(`/utilities/parties/${fx.parties.beatrice}`, { email: 'bounce@example.test' })).status,
    ).toBe(200);
    const before = sink.received.length;
    const failed = await root.post(`/utilities/invoices/${id}/send`, {});
    expect(failed.status).toBe(200);
    expect(failed.body.data.delivery).toMatchObject({
      status: 'failed',
      to: 'bounce@example.test',
      attempts: 3,
    });
    expect(failed.body.data.delivery.error).toContain('550');
    expect(sink.received).toHaveLength(before);
    await root.put(`/utilities/parties/${fx.parties.beatrice}`, { email: 'beatrice@example.test' });
    const resent = await root.post(`/utilities/invoices/${id}/send`, {});
    expect(resent.body.data.delivery).toMatchObject({ status: 'sent', error: null, attempts: 4 });
    expect(sink.received).toHaveLength(before + 1);
  });

  test('a malformed address is refused by the party API and, if stored anyway, never sent', async () => {
    const bad = await root.put(`/utilities/parties/${fx.parties.anna}`, { email: 'anna at example' });
    expect(bad.status).toBe(400);
    // A value from before validation, with a header injection attempt.
    await app.strapi.db.query('plugin::utilities.party').update({
      where: { documentId: fx.parties.anna },
      data: { email: 'anna@example.test\r\nBcc: x@evil.test' },
    });
    const before = sink.received.length;
    const res = await root.post(`/utilities/invoices/${january.anna.documentId}/send`, {});
    expect(res.body.data.delivery).toMatchObject({ status: 'failed', error: 'malformed e-mail address' });
    expect(sink.received).toHaveLength(before);
    await app.strapi.db
      .query('plugin::utilities.party')
      .update({ where: { documentId: fx.parties.anna }, data: { email: null } });
    const none = await root.post(`/utilities/invoices/${january.anna.documentId}/send`, {});
    expect(none.body.data.delivery).toMatchObject({ status: 'no-address', to: null });
    await root.put(`/utilities/parties/${fx.parties.anna}`, { email: 'anna@example.test' });
  });

  test('a wrong SMTP password fails the delivery with the server’s reason, never the password', async () => {
    const wrong = 'Not-The-Password-0815';
    expect((await root.put('/utilities/document-settings/email', settings({ password: wrong }))).status).toBe(
      200,
    );
    const res = await root.post(`/utilities/invoices/${january.anna.documentId}/send`, {});
    expect(res.status).toBe(200);
    expect(res.body.data.delivery.status).toBe('failed');
    expect(res.body.data.delivery.error).toMatch(/535|auth/i);
    expect(JSON.stringify(res.body)).not.toContain(wrong);
    await root.put('/utilities/document-settings/email', settings());
    const ok = await root.post(`/utilities/invoices/${january.anna.documentId}/send`, {});
    expect(ok.body.data.delivery.status).toBe('sent');
  });

  test('the invoice list shows each invoice’s delivery', async () => {
    const list = (await root.get(`/utilities/invoices?chargeRun=${janRun}`)).body.data as {
      documentId: string;
      delivery: { status: string } | null;
    }[];
    expect(list.map((i) => i.delivery?.status)).toEqual(['sent', 'sent']);
  });
});
