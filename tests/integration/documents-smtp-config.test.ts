import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  documentsFixture,
  draftRun,
  finalizeRun,
  month,
  SEEFELD_ISSUER,
  type DocumentsFixture,
  type InvoiceRef,
} from './support/documents-fixture';
import { deadPort, startSmtpSink, type SmtpSink } from './support/smtp-sink';

/**
 * The mail server of a deployment, given as UTILITIES_SMTP_URL (or the plugin config's
 * documents.smtp) instead of the admin's settings: invoices go through a real SMTP server on
 * 127.0.0.1 (smtp-server, AUTH required), the password never comes back, and settings an
 * admin enables take precedence.
 *
 * @sqlite-only the database server plays no part: mail transport configuration; the delivery
 * statuses stored are documents- email’s on every database.
 */
const SMTP_USER = 'billing@seefeld.example';
const SMTP_PASSWORD = 'Url-Secret-0815!';
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let sink: SmtpSink;
let jan: { anna: InvoiceRef; beatrice: InvoiceRef };
const saved = { url: process.env.UTILITIES_SMTP_URL, from: process.env.UTILITIES_SMTP_FROM };

const emailSettings = async () => (await root.get('/utilities/document-settings/email')).body.data;
const send = (id: string) => root.post(`/utilities/invoices/${id}/send`, {});

beforeAll(async () => {
  sink = await startSmtpSink(SMTP_USER, SMTP_PASSWORD);
  app = await startStrapi({
    UTILITIES_SMTP_URL: `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${sink.port}`,
    UTILITIES_SMTP_FROM: 'rechnungen@seefeld.example',
  });
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 1);
  expect((await root.put('/utilities/document-settings', SEEFELD_ISSUER)).status).toBe(200);
  jan = await finalizeRun(root, fx, await draftRun(root, month(0)));
}, 240_000);
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

test('UTILITIES_SMTP_URL: shown without its password, and an invoice reaches the SMTP server', async () => {
  const res = await root.get('/utilities/document-settings/email');
  expect(res.body.data).toMatchObject({
    enabled: false,
    source: 'config',
    configured: {
      origin: 'UTILITIES_SMTP_URL',
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      user: SMTP_USER,
      passwordSet: true,
      fromAddress: 'rechnungen@seefeld.example',
      sendOnFinalize: false,
    },
  });
  expect(JSON.stringify(res.body)).not.toContain(SMTP_PASSWORD);
  expect(JSON.stringify(res.body)).not.toContain(encodeURIComponent(SMTP_PASSWORD));

  const sent = await send(jan.anna.documentId);
  expect(sent.status).toBe(200);
  expect(sent.body.data.delivery).toMatchObject({ status: 'sent', to: 'anna@example.test', attempts: 1 });
  const mail = sink.received.find((m) => JSON.stringify(m.to).includes('anna@example.test'))!;
  expect(mail.from?.value[0].address).toBe('rechnungen@seefeld.example');
  expect(mail.subject).toBe(`Rechnung ${jan.anna.number} – Immo Seefeld AG`);
  expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
    [`${jan.anna.number}.pdf`, 'application/pdf'],
  ]);
});

test('settings an admin enables take precedence; switched off, the configured server is used again', async () => {
  const dead = await deadPort();
  const put = await root.put('/utilities/document-settings/email', {
    enabled: true,
    host: '127.0.0.1',
    port: dead,
    fromAddress: 'admin@seefeld.example',
  });
  expect(put.status).toBe(200);
  expect(put.body.data.source).toBe('settings');
  const failed = await send(jan.beatrice.documentId);
  expect(failed.body.data.delivery).toMatchObject({ status: 'failed', to: 'beatrice@example.test' });
  expect(failed.body.data.delivery.error).toMatch(/ECONNREFUSED|connect/i);

  expect(
    (await root.put('/utilities/document-settings/email', { enabled: false, host: '127.0.0.1', port: dead }))
      .status,
  ).toBe(200);
  expect((await emailSettings()).source).toBe('config');
  const again = await send(jan.beatrice.documentId);
  expect(again.body.data.delivery).toMatchObject({ status: 'sent', attempts: 2 });
  expect(sink.received.filter((m) => JSON.stringify(m.to).includes('beatrice@example.test'))).toHaveLength(1);
});

test('the plugin config’s documents.smtp wins over the environment; a bad URL is a 409 without it', async () => {
  const previous = app.strapi.config.get('plugin::utilities.documents');
  try {
    app.strapi.config.set('plugin::utilities.documents', {
      smtp: { url: `smtp://127.0.0.1:${await deadPort()}`, fromAddress: 'config@seefeld.example' },
    });
    expect((await emailSettings()).configured).toMatchObject({
      origin: 'config',
      user: null,
      passwordSet: false,
      fromAddress: 'config@seefeld.example',
    });
    const failed = await send(jan.anna.documentId);
    expect(failed.body.data.delivery.status).toBe('failed');

    app.strapi.config.set('plugin::utilities.documents', {
      smtp: { url: `ftp://user:${SMTP_PASSWORD}@127.0.0.1`, fromAddress: 'config@seefeld.example' },
    });
    const settings = await emailSettings();
    expect(settings).toMatchObject({
      source: null,
      configured: { origin: 'config', problem: 'The SMTP URL must start with smtp:// or smtps://' },
    });
    const refused = await send(jan.anna.documentId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'E-mail is not set up: the SMTP URL (config) must start with smtp:// or smtps://',
    );
    expect(JSON.stringify([settings, refused.body])).not.toContain(SMTP_PASSWORD);
  } finally {
    app.strapi.config.set('plugin::utilities.documents', previous);
  }
});
