/**
 * The batch's ceiling, measured in the same run: what the database alone takes to store the
 * same rows the batch phase stored — no HTTP, no Strapi, no parsing, no outcomes read back.
 * The rows go straight from the driver into a copy of the server's own usage-record table
 * (same columns, same unique key and indexes, same journal mode), 1,000 per
 * `INSERT … ON CONFLICT DO NOTHING` as the server writes them:
 *
 * - SQLite: better-sqlite3, one prepared statement, `concurrency` statements a transaction
 *   (what the server's group commit makes of that many requests in flight); only the
 *   statements and commits are timed, not making the rows;
 * - PostgreSQL: `concurrency` connections, each sending its next statement when the last
 *   committed, the rows as one JSON parameter (`json_populate_recordset`), wall time.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

const TABLE = 'utilities_usage_records';
const FLOOR = 'utilities_usage_records_floor';
const ROWS_PER_STATEMENT = 1000;
const KEY = ['device_id', 'e_group', 'e_id', 'event_ref'];

/** A 1,000-record chunk of the batch phase as the server stores it (server/services/usage/usage-store.ts `toRow`). */
function chunkRows(runId, n) {
  const receipt = `${Date.now().toString(36)}floor${n}`;
  const receivedAt = Date.now();
  return Array.from({ length: ROWS_PER_STATEMENT }, (_, i) => ({
    device_id: `dev-${i % 100}`,
    e_group: 'BENCH',
    e_id: '2',
    event_ref: `f-${runId}-${n}-${i}`,
    dtu: Date.UTC(2024, 2, 1, 8),
    dtu_from_server: false,
    dt_text: null,
    dt_local: null,
    src_ip: '127.0.0.1',
    int_counter: String(i),
    int_counter2: null,
    int_counter3: null,
    int_counter4: null,
    int_counter5: null,
    temperature: null,
    event_data: null,
    badge: null,
    source: 'batch',
    source_log_ref: null,
    receipt,
    received_at: receivedAt,
  }));
}

const COLUMNS = Object.keys(chunkRows('x', 0)[0]);
const quote = (name) => `"${name}"`;

async function sqliteFloor({ require, sqliteFile, work, rows, concurrency }) {
  const Database = require('better-sqlite3');
  const server = new Database(sqliteFile, { readonly: true });
  const journal = server.pragma('journal_mode', { simple: true });
  const ddl = server
    .prepare(`select sql from sqlite_master where tbl_name = ? and sql is not null order by type desc`)
    .all(TABLE)
    .map((row) => row.sql);
  server.close();
  const file = path.join(work, 'floor.db');
  const db = new Database(file);
  db.pragma(`journal_mode = ${journal}`);
  for (const sql of ddl) db.exec(sql);
  const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
  const insert = db.prepare(
    `insert into ${quote(TABLE)} (${COLUMNS.map(quote).join(',')}) values ${new Array(ROWS_PER_STATEMENT)
      .fill(tuple)
      .join(',')} on conflict (${KEY.map(quote).join(',')}) do nothing`,
  );
  const runId = Date.now().toString(36);
  let stored = 0;
  let nanoseconds = 0n;
  for (let n = 0; n * ROWS_PER_STATEMENT < rows;) {
    const statements = [];
    for (let k = 0; k < concurrency && n * ROWS_PER_STATEMENT < rows; k++, n++)
      statements.push(
        chunkRows(runId, n).flatMap((row) =>
          COLUMNS.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c])),
        ),
      );
    const start = process.hrtime.bigint();
    db.exec('begin');
    for (const values of statements) stored += insert.run(values).changes;
    db.exec('commit');
    nanoseconds += process.hrtime.bigint() - start;
  }
  db.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  return { journal, rows: stored, seconds: Number(nanoseconds) / 1e9 };
}
async function postgresFloor({ require, databaseUrl, rows, concurrency }) {
  const { Client } = require('pg');
  const connect = async () => {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    return c;
  };
  const admin = await connect();
  await admin.query(`drop table if exists ${quote(FLOOR)}`);
  await admin.query(`create table ${quote(FLOOR)} (like ${quote(TABLE)} including all)`);
  const text =
    `insert into ${quote(FLOOR)} (${COLUMNS.map(quote).join(',')}) ` +
    `select ${COLUMNS.map(quote).join(',')} from json_populate_recordset(null::${quote(FLOOR)}, $1) ` +
    `on conflict (${KEY.map(quote).join(',')}) do nothing`;
  const runId = Date.now().toString(36);
  const clients = await Promise.all(Array.from({ length: concurrency }, connect));
  let next = 0;
  let stored = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c) => {
      while (next * ROWS_PER_STATEMENT < rows) {
        const payload = JSON.stringify(chunkRows(runId, next++));
        const { rowCount } = await c.query(text, [payload]);
        stored += rowCount; // not `stored += await …`: that would add to a stale total
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(clients.map((c) => c.end()));
  await admin.query(`drop table ${quote(FLOOR)}`);
  await admin.end();
  return { rows: stored, seconds };
}

/** `{ recordsPerSecond, rows, seconds }` for as many rows as the batch phase stored. */
export async function measureDatabaseFloor({
  client,
  require,
  sqliteFile,
  databaseUrl,
  work,
  rows,
  concurrency,
}) {
  const measured =
    client === 'sqlite'
      ? await sqliteFloor({ require, sqliteFile, work, rows, concurrency })
      : await postgresFloor({ require, databaseUrl, rows, concurrency });
  if (measured.rows !== rows) throw new Error(`the floor stored ${measured.rows} of ${rows} rows`);
  return {
    ...measured,
    seconds: +measured.seconds.toFixed(1),
    recordsPerSecond: Math.round(measured.rows / measured.seconds),
  };
}
