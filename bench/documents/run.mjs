#!/usr/bin/env node
/**
 * Documents benchmark (a measurement, not a test): the documents of a finalized run of
 * N invoices (default 1,000), in one process against floors measured in the same run,
 * in this order (the ZIP first, so its memory is measured before the render loop's
 * garbage has grown the heap):
 *
 *   1. zip     — `run-documents.zip` (GET /charge-runs/:id/documents.zip) streamed into a
 *      sink that reads at its own pace (backpressure, as a socket does);
 *   2. raw zip — yazl streaming N entries of the same bytes (one rendered invoice PDF
 *      repeated) into the same sink: the archive's own cost, below which no ZIP can go;
 *   3. render  — every invoice's PDF through `invoice-documents.pdf` (what the PDF route
 *      and the ZIP do per invoice: the invoice, party, billing point, building, issuer and
 *      the consumption chart read from the database, the QR-bill drawn), one after the
 *      other, each PDF dropped;
 *   4. floor   — pdfkit rendering N bare documents (one A4 page, one line of text): the
 *      renderer's own cost per document, below which no invoice PDF can go.
 *
 * Peak RSS growth is RSS sampled every 20 ms during a step over RSS just before it (after
 * a forced GC); PDFs are Buffers outside V8's heap, freed when GC gets to them, so RSS
 * moves by tens of MB with GC timing alone. What says whether the ZIP is held in memory
 * is `mostAheadKB`: the most PDF bytes rendered but not yet taken by the consumer — the
 * archive's size if it were buffered, about one PDF and the stream buffers if streamed.
 *
 *   node scripts/prepare.mjs plugin
 *   node --expose-gc bench/documents/run.mjs                              # SQLite, 1,000 invoices
 *   DATABASE_CLIENT=postgres node --expose-gc bench/documents/run.mjs     # PostgreSQL at 127.0.0.1
 *   INVOICES=100 node --expose-gc bench/documents/run.mjs                 # a quick smoke run
 *
 * Data: one building, N flats with a party each (German, French, Italian, English in
 * turn, with an address), a default issuer with a QR-IBAN (so every invoice carries a
 * QR-bill), and a finalized run of June 2024 whose N numbered invoices have four lines
 * (water and electricity with reads, two fixed fees), bulk-inserted through Strapi's
 * query engine.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { bootPlayground } from '../fresh-database.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const N = Number(process.env.INVOICES ?? 1000);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';

const { strapi, stop } = await bootPlayground({
  root: ROOT,
  client,
  name: 'utilities_documents_bench',
  require,
});
const PDFDocument = require('pdfkit');
const { ZipFile } = require('yazl');
const plugin = strapi.plugin('utilities');
const UID = (name) => `plugin::utilities.${name}`;

async function bulk(name, rows) {
  const now = new Date();
  for (let i = 0; i < rows.length; i += 500)
    await strapi.db.query(UID(name)).createMany({
      data: rows.slice(i, i + 500).map((r) => ({ createdAt: now, updatedAt: now, publishedAt: now, ...r })),
    });
}
const ids = async (name, where) =>
  (await strapi.db.query(UID(name)).findMany({ select: ['documentId'], where, orderBy: { id: 'asc' } })).map(
    (r) => r.documentId,
  );

// ── data ──
await plugin.service('document-issuers').putDefault({
  name: 'Immo Bench AG',
  address: {
    street: 'Bahnhofstrasse',
    buildingNumber: '1',
    postalCode: '8001',
    town: 'Zürich',
    country: 'CH',
  },
  vatNumber: 'CHE-111.222.333 MWST',
  iban: 'CH44 3199 9123 0008 8901 2',
  paymentTermsDays: 30,
  footer: 'Fragen: rechnung@immo-bench.example',
  defaultLanguage: 'de',
});
const owner = await plugin.service('parties').create({ kind: 'legal', companyName: 'Bench Owner AG' });
const building = await plugin.service('buildings').create({
  code: 'BENCH-DOCS',
  name: 'Bench documents',
  timezone: 'Europe/Zurich',
  owner: owner.documentId,
});
const LANGUAGES = ['de', 'fr', 'it', 'en'];
const pad = (i) => String(i + 1).padStart(5, '0');
await bulk(
  'party',
  Array.from({ length: N }, (_, i) => ({
    kind: 'natural',
    firstName: `Mieterin ${pad(i)}`,
    lastName: 'Bench',
    language: LANGUAGES[i % 4],
    address: {
      line1: `Seefeldstrasse ${i + 1}`,
      line2: null,
      postalCode: '8008',
      city: 'Zürich',
      country: 'CH',
    },
  })),
);
const parties = await ids('party', { lastName: 'Bench' });
await bulk(
  'billing-point',
  Array.from({ length: N }, (_, i) => ({
    code: `BD-${pad(i)}`,
    name: `Wohnung ${i + 1}`,
    buildingRef: building.documentId,
    active: true,
  })),
);
const points = await ids('billing-point', { buildingRef: building.documentId });
const read = (at, value) => ({ at, value, estimated: false });
const line = (kind, extra, quantity, unitPrice, amount, vat) => ({
  kind,
  ...extra,
  quantity,
  unitPrice,
  amount,
  vatRate: '8.1',
  vatAmount: vat,
  periodStart: '2024-06-01',
  periodEnd: '2024-06-30',
});
const LINES = [
  line(
    'consumption',
    {
      utilityType: 'Water',
      meterNumber: 'W-1',
      register: '1',
      unit: 'm³',
      from: read('2024-05-31T22:00:00Z', '1000'),
      to: read('2024-06-30T22:00:00Z', '1012'),
    },
    '12',
    '2.85',
    '34.20',
    '2.77',
  ),
  line(
    'consumption',
    {
      utilityType: 'Electricity',
      meterNumber: 'E-1',
      register: '1',
      unit: 'kWh',
      from: read('2024-05-31T22:00:00Z', '5000'),
      to: read('2024-06-30T22:00:00Z', '5230'),
    },
    '230',
    '0.2450',
    '56.35',
    '4.56',
  ),
  line('fixed-fee', { utilityType: 'Water', unit: 'month' }, '1', '12.00', '12.00', '0.97'),
  line('fixed-fee', { utilityType: 'Electricity', unit: 'month' }, '1', '8.50', '8.50', '0.69'),
];
const TOTALS = {
  net: '111.05',
  vat: '8.99',
  gross: '120.04',
  vatBreakdown: [{ vatRate: '8.1', net: '111.05', vat: '8.99' }],
};
await bulk('charge-run', [
  {
    periodStart: '2024-06-01',
    periodEnd: '2024-06-30',
    scope: { building: building.documentId },
    scopeKey: `building:${building.documentId}`,
    status: 'finalized',
    billingPointRefs: points,
    totals: [],
    exceptions: [],
    runBy: 'bench',
    finalizedAt: new Date().toISOString(),
  },
]);
const [runId] = await ids('charge-run', { status: 'finalized' });
await bulk(
  'invoice',
  points.map((point, i) => ({
    runRef: runId,
    partyRef: parties[i],
    billingPointRef: point,
    periodStart: '2024-06-01',
    periodEnd: '2024-06-30',
    status: 'finalized',
    roles: ['occupant'],
    currency: 'CHF',
    lines: LINES,
    totals: TOTALS,
    number: `2024-${String(i + 1).padStart(6, '0')}`,
    numberYear: 2024,
    numberSeq: i + 1,
    issuerKey: 'default',
    issuedOn: '2024-07-01',
    dueOn: '2024-07-31',
  })),
);
const invoices = await ids('invoice', { runRef: runId });

// ── measuring ──
const rss = () => process.memoryUsage().rss;
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
async function measure(name, work) {
  global.gc?.();
  const before = rss();
  peak = before;
  const t0 = process.hrtime.bigint();
  const extra = await work();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  peak = Math.max(peak, rss());
  return {
    step: name,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(N / seconds),
    peakRssGrowthMB: Math.round((peak - before) / 1e6),
    ...extra,
  };
}
/** A consumer that takes 64 KiB at a time, as a socket does, and counts bytes. */
const sink = () => {
  let bytes = 0;
  const stream = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk, _enc, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  return { stream, bytes: () => bytes };
};

const documents = plugin.service('invoice-documents');
let sample = null;
let pdfBytes = 0;
const results = [];
sample = (await documents.pdf(invoices[0])).pdf;
// The most PDF bytes rendered but not yet taken by the sink during the ZIP: a ZIP held in
// memory would reach the archive's size; a streamed one about one PDF and the stream buffers.
const render = documents.pdf;
let rendered = 0;
let aheadMax = 0;
results.push(
  await measure('zip (documents.zip)', async () => {
    const out = sink();
    documents.pdf = async (id) => {
      const made = await render(id);
      rendered += made.pdf.length;
      aheadMax = Math.max(aheadMax, rendered - out.bytes());
      return made;
    };
    const { stream } = await plugin.service('run-documents').zip(runId);
    await pipeline(stream, out.stream);
    documents.pdf = render;
    return { zipMB: Number((out.bytes() / 1e6).toFixed(1)), mostAheadKB: Math.round(aheadMax / 1024) };
  }),
);
results.push(
  await measure('floor: raw zip of the same bytes', async () => {
    const zip = new ZipFile();
    for (let i = 0; i < N; i++)
      zip.addReadStreamLazy(`${i}.pdf`, { compress: false }, (done) => done(null, Readable.from([sample])));
    zip.end();
    const out = sink();
    await pipeline(zip.outputStream, out.stream);
    return { zipMB: Number((out.bytes() / 1e6).toFixed(1)) };
  }),
);
results.push(
  await measure('render', async () => {
    for (const id of invoices) {
      const { pdf } = await documents.pdf(id);
      pdfBytes += pdf.length;
    }
    return { averagePdfKB: Math.round(pdfBytes / N / 1024) };
  }),
);
results.push(
  await measure('floor: pdfkit, bare pages', async () => {
    for (let i = 0; i < N; i++)
      await new Promise((resolve) => {
        const doc = new PDFDocument({ size: 'A4' });
        const chunks = [];
        doc.on('data', (c) => chunks.push(c));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.text(`Rechnung 2024-${String(i + 1).padStart(6, '0')}`);
        doc.end();
      });
  }),
);
clearInterval(timer);
const [zip, zipFloor, renderStep, pdfFloor] = results;
console.table(results);
console.log(
  JSON.stringify(
    {
      client,
      invoices: N,
      renderToFloor: Number((renderStep.seconds / pdfFloor.seconds).toFixed(1)),
      zipToRender: Number((zip.seconds / renderStep.seconds).toFixed(2)),
      zipToRawZip: Number((zip.seconds / zipFloor.seconds).toFixed(1)),
      zipRssOverRenderMB: zip.peakRssGrowthMB - renderStep.peakRssGrowthMB,
      // PDF bytes rendered ahead of the consumer at most, against the whole archive.
      zipMostAheadKB: zip.mostAheadKB,
      archiveKB: Math.round(zip.zipMB * 1000),
    },
    null,
    2,
  ),
);
await stop();
