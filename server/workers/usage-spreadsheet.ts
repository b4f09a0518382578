import { parentPort, workerData } from 'node:worker_threads';
import {
  openUsageSpreadsheet,
  type SpreadsheetRowOutcome,
  type UsageSpreadsheet,
} from '../../src/usage/spreadsheet-import';
import { crossed, type FromReader, type ReaderInput, type ToReader } from './usage-spreadsheet-messages';

/**
 * The worker thread that reads an uploaded usage spreadsheet (a bundle of its own:
 * package.json `exports["./usage-spreadsheet-worker"]`). It opens the file, then answers each
 * `next` with the following batch of judged rows; the upload's request stores one batch
 * while this thread reads the next (server/services/usage/spreadsheet-reader.ts says why).
 */
const ROWS_PER_BATCH = 1000;

if (!parentPort) throw new Error('usage-spreadsheet runs as a worker thread');
// Narrowed once here: the closures in main(), a hoisted function, would not see the check above.
const port = parentPort;
const post = (message: FromReader) => port.postMessage(message);
const { path, options } = workerData as ReaderInput;

/** Posts the next batch; true once it held the last row. Rows read before an error are posted before it. */
async function nextBatch(rows: AsyncIterator<SpreadsheetRowOutcome>, sheet: UsageSpreadsheet) {
  const batch: SpreadsheetRowOutcome[] = [];
  let done = false;
  try {
    while (!done && batch.length < ROWS_PER_BATCH) {
      const next = await rows.next();
      if (next.done) done = true;
      else batch.push(next.value);
    }
  } catch (error) {
    if (batch.length) post({ type: 'rows', rows: batch, report: sheet.report, done: false });
    throw error;
  }
  post({ type: 'rows', rows: batch, report: sheet.report, done });
  return done;
}

async function main() {
  let sheet: UsageSpreadsheet;
  try {
    sheet = await openUsageSpreadsheet(path, options);
  } catch (error) {
    post({ type: 'failed', error: crossed(error), report: null });
    return port.close();
  }
  const rows = sheet[Symbol.asyncIterator]();
  // One request at a time: the reader asks for the next batch only once it has this one.
  let reading = Promise.resolve();
  port.on('message', (message: ToReader) => {
    reading = reading.then(async () => {
      if (message.type === 'close') {
        await sheet.close().catch(() => undefined);
        return port.close();
      }
      try {
        if (!(await nextBatch(rows, sheet))) return;
      } catch (error) {
        post({ type: 'failed', error: crossed(error), report: sheet.report });
        await sheet.close().catch(() => undefined);
      }
      // The last row read, or the file unreadable: nothing more to do; the thread ends.
      port.close();
    });
  });
  post({ type: 'opened', report: sheet.report });
}

void main();
