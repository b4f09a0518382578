import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
 * The plugin's events reach other systems through Strapi's own webhooks: a webhook
 * subscribed (admin API, as Settings → Webhooks saves it) to the utilities events
 * posts to a receiver on 127.0.0.1 when January 2023 is finalized, its invoices are
 * e-mailed (here: to a mail server that is not there) and the run is voided.
 *
 * @sqlite-only the database server plays no part: events handed to Strapi’s webhook runner and a
 * loopback receiver; the runs behind them are the documents suites’ on every database.
 */
type Hook = { headers: IncomingHttpHeaders; body: Record<string, unknown> & { event: string } };
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
let receiver: Server;
let receiverUrl = '';
const hooks: Hook[] = [];

const EVENTS = [
  'utilities.charge-run.finalized',
  'utilities.charge-run.voided',
  'utilities.invoice.finalized',
  'utilities.document.emailed',
  'utilities.document.email-failed',
];

async function until(what: string, done: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`${what}: received ${JSON.stringify(hooks.map((h) => h.body.event))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port nothing listens on: bound, noted and closed again. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: JSON.parse(text) as Hook['body'] });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 1);
  expect((await root.put('/utilities/document-settings', SEEFELD_ISSUER)).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

const byEvent = (event: string) => hooks.filter((h) => h.body.event === event);

test('the utilities events can be subscribed to; an unknown one is refused', async () => {
  const bad = await root.post('/admin/webhooks', {
    name: 'typo',
    url: receiverUrl,
    headers: {},
    events: ['utilities.invoice.finalised'],
  });
  expect(bad.status).toBe(400);
  const res = await root.post('/admin/webhooks', {
    name: 'Accounting',
    url: receiverUrl,
    headers: { Authorization: 'Bearer accounting-hook' },
    events: EVENTS,
  });
  expect(res.status).toBe(201);
  expect(res.body.data.events).toEqual(EVENTS);
});

test('finalizing a run: the run and each invoice, with numbers and paths, no personal data', async () => {
  const run = await draftRun(root, month(0));
  const invoices = await finalizeRun(root, fx, run);
  await until('run and two invoices', () => byEvent('utilities.invoice.finalized').length === 2);
  await until('the run', () => byEvent('utilities.charge-run.finalized').length === 1);
  const [runHook] = byEvent('utilities.charge-run.finalized');
  expect(runHook.headers['x-strapi-event']).toBe('utilities.charge-run.finalized');
  expect(runHook.headers.authorization).toBe('Bearer accounting-hook');
  expect(runHook.body.chargeRun).toEqual({
    documentId: run,
    invoices: 2,
    path: `/utilities/charge-runs/${run}`,
  });
  const numbers = byEvent('utilities.invoice.finalized').map((h) => h.body.invoice);
  expect(numbers).toEqual(
    expect.arrayContaining([
      {
        documentId: invoices.anna.documentId,
        number: invoices.anna.number,
        chargeRun: run,
        path: `/utilities/invoices/${invoices.anna.documentId}`,
        document: `/utilities/invoices/${invoices.anna.documentId}/document.pdf`,
      },
      expect.objectContaining({ documentId: invoices.beatrice.documentId, number: invoices.beatrice.number }),
    ]),
  );
  const everything = JSON.stringify(hooks);
  for (const personal of ['Anna', 'Amsler', 'example.test', 'Seefeldstrasse', '233.50'])
    expect(everything).not.toContain(personal);

  // An e-mail that cannot go (nothing listens on the SMTP port): a failure event, without the reason.
  const port = await closedPort();
  expect(
    (
      await root.put('/utilities/document-settings/email', {
        enabled: true,
        host: '127.0.0.1',
        port,
        fromAddress: 'rechnungen@seefeld.example',
      })
    ).status,
  ).toBe(200);
  const sent = await root.post(`/utilities/invoices/${invoices.anna.documentId}/send`, {});
  expect(sent.body.data.delivery.status).toBe('failed');
  await until('the failure', () => byEvent('utilities.document.email-failed').length === 1);
  expect(byEvent('utilities.document.email-failed')[0].body).toMatchObject({
    invoice: { documentId: invoices.anna.documentId, number: invoices.anna.number },
    delivery: { status: 'failed' },
  });
  expect(JSON.stringify(byEvent('utilities.document.email-failed'))).not.toContain('anna@');

  expect((await root.post(`/utilities/charge-runs/${run}/void`, {})).status).toBe(200);
  await until('the void', () => byEvent('utilities.charge-run.voided').length === 1);
  expect(byEvent('utilities.charge-run.voided')[0].body.chargeRun).toEqual({
    documentId: run,
    path: `/utilities/charge-runs/${run}`,
  });
});
