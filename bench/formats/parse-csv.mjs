/**
 * Throughput of the meter-file formats — a measurement, not a test.
 *
 *   node bench/formats/parse-csv.mjs [rows]      (default 500000)
 *
 * Loads the TypeScript sources through @swc/core (a dev dependency already
 * used by Jest), generates files in memory as 64 KB chunks (no disk, so the
 * figure is the parser's own), and reports rows per second and the peak RSS,
 * which must stay flat however large the file is.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { csvFormat, nem12Format, parseFormatOptions } = require(path.join(root, 'src/formats/index.ts'));

const ROWS = Number(process.argv[2] ?? 500_000);
const CHUNK = 64 * 1024;

/** Lines → 64 KB Buffers, generated lazily. */
function* chunked(lines) {
  let parts = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= CHUNK) {
      yield Buffer.from(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''));
}

function* csvIsoUtc(rows) {
  yield 'meter_number,register,timestamp,value\n';
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + Math.floor(i / 200) * 900_000).toISOString().slice(0, 19) + 'Z';
    yield `MTR-${i % 200},1.8.0,${at},${(i * 0.125).toFixed(3)}\n`;
  }
}

/** Local times: from 1M rows on, the file crosses 2024-03-31, whose 02:00–02:45 do not exist in Zurich (rejected). */
function* csvIsoLocal(rows) {
  yield 'meter_number,register,timestamp,value,unit\n';
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + Math.floor(i / 200) * 900_000).toISOString().slice(0, 16).replace('T', ' ');
    yield `MTR-${i % 200},1.8.0,${at},${(i * 0.125).toFixed(3)},kWh\n`;
  }
}

function* csvGerman(rows) {
  yield 'Zähler;Datum;Stand\n';
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const d = new Date(start + Math.floor(i / 200) * 900_000);
    const p = (n) => String(n).padStart(2, '0');
    const at = `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    yield `"Z-${i % 200}";${at};${(i * 0.125).toFixed(3).replace('.', ',')}\n`;
  }
}

function* nem12(rows) {
  // 5-minute data: 288 readings per 300 record.
  yield '100,NEM12,202401010000,MDA1,RET1\n';
  const days = Math.ceil(rows / 288);
  const values = Array.from({ length: 288 }, (_, i) => (i * 0.013).toFixed(3)).join(',');
  for (let meter = 0; days > 0; meter++) {
    yield `200,NMI${String(meter).padStart(7, '0')},E1,1,E1,N1,SER${meter},kWh,5,\n`;
    for (let d = 0; d < 365 && d < days - meter * 365; d++) {
      const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10).replaceAll('-', '');
      yield `300,${date},${values},A,,,20240102000000,\n`;
    }
    if ((meter + 1) * 365 >= days) break;
  }
  yield '900\n';
}

async function measure(name, format, options, lines, timeZone = 'Europe/Zurich') {
  const parsed = parseFormatOptions(format, options);
  let peak = process.memoryUsage().rss;
  let readings = 0;
  let other = 0;
  const started = process.hrtime.bigint();
  for await (const rows of format.parse(Readable.from(chunked(lines)), parsed, { timeZone })) {
    for (const row of rows) {
      if (row.kind === 'reading') readings++;
      else other++;
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${name.padEnd(44)} ${String(readings).padStart(8)} readings ${other ? `(+${other} rejected) ` : ''}` +
      `${seconds.toFixed(2).padStart(6)} s ${Math.round(readings / seconds)
        .toLocaleString('en-US')
        .padStart(9)} rows/s  ` +
      `peak RSS ${Math.round(peak / 2 ** 20)} MB`,
  );
}

console.log(
  `node ${process.version}, ${ROWS.toLocaleString('en-US')} rows per case, RSS before parsing ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
);
await measure('csv: ISO 8601 UTC, comma', csvFormat, {}, csvIsoUtc(ROWS));
await measure('csv: ISO local (Europe/Zurich), unit column', csvFormat, {}, csvIsoLocal(ROWS));
await measure(
  'csv: ; + decimal comma + dd.MM.yyyy HH:mm',
  csvFormat,
  {
    meterNumberColumn: 'Zähler',
    fixedRegister: '1.8.0',
    timestampColumn: 'Datum',
    valueColumn: 'Stand',
    decimalSeparator: ',',
    timestampFormats: 'dd.MM.yyyy HH:mm',
  },
  csvGerman(ROWS),
);
await measure('nem12: 5-minute intervals', nem12Format, {}, nem12(ROWS));
