import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { coded, DomainError } from '../../../src/common/errors';
import type {
  SpreadsheetImportOptions,
  SpreadsheetReport,
  SpreadsheetRowOutcome,
  UsageSpreadsheet,
} from '../../../src/usage/spreadsheet-import';
import {
  rebuilt,
  type FromReader,
  type ReaderInput,
  type ToReader,
} from '../../workers/usage-spreadsheet-messages';

/**
 * An uploaded usage spreadsheet read and judged in a worker thread
 * (server/workers/usage-spreadsheet.ts), handed to the upload one batch at a time while the
 * thread reads the next. Why a thread:
 *
 * - **Two cores.** Reading the file (inflate, the XML scanner, judging each row) was half of
 *   an upload's CPU profile, on the same event loop as storing it: each waited for the other.
 *   Now the request stores a batch while the thread reads the following one.
 * - **Bounded memory.** The reading's garbage lives in the thread's own heap, capped at
 *   `usage.import.readerHeapMb`: the server's heap does not grow for it (V8 lets a heap grow
 *   to several times what is live before it collects), and a file that would need more — a
 *   hostile workbook's shared strings, say — is refused as too large instead of taking the
 *   server's memory.
 * - **Other requests** (the device API above all) are not held up by an upload's reading.
 *
 * The thread is the plugin's own bundle (`dist/usage-spreadsheet-worker/index.js`, beside
 * `dist/server/`); `workerFile` names another for tests.
 */
export type SpreadsheetReaderOptions = { heapMb: number; workerFile?: string };

/** The bundled worker, beside this bundle (dist/server/index.js → dist/usage-spreadsheet-worker/index.js). */
const bundledWorker = () => path.join(__dirname, '..', 'usage-spreadsheet-worker', 'index.js');

/** How long a closed reader gets to release its file before it is stopped. */
const CLOSE_WAIT_MS = 2000;

type Event = FromReader | { type: 'stopped'; error: Error };

export async function openSpreadsheetReader(
  file: string,
  options: SpreadsheetImportOptions,
  { heapMb, workerFile = bundledWorker() }: SpreadsheetReaderOptions,
): Promise<UsageSpreadsheet> {
  const worker = new Worker(workerFile, {
    workerData: { path: file, options } satisfies ReaderInput,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  const inbox = eventsOf(worker, heapMb);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const send = (message: ToReader) => worker.postMessage(message);

  const opened = await inbox.take();
  if (opened.type !== 'opened') {
    await worker.terminate();
    throw errorOf(opened);
  }
  let report: SpreadsheetReport = opened.report;
  send({ type: 'next' }); // read ahead: the thread reads while the caller looks at the header

  let batch: SpreadsheetRowOutcome[] = [];
  let at = 0;
  let finished = false;
  const rows: AsyncIterator<SpreadsheetRowOutcome> = {
    async next() {
      while (at >= batch.length) {
        if (finished) return { done: true, value: undefined };
        const event = await inbox.take();
        if (event.type === 'rows') {
          report = event.report;
          batch = event.rows;
          at = 0;
          finished = event.done;
          if (!finished) send({ type: 'next' });
        } else {
          finished = true;
          batch = [];
          if (event.type === 'failed') report = event.report ?? report;
          throw errorOf(event);
        }
      }
      return { done: false, value: batch[at++] };
    },
  };
  return {
    get report() {
      return report;
    },
    [Symbol.asyncIterator]: () => rows,
    async close() {
      finished = true;
      batch = [];
      send({ type: 'close' });
      const timer = new Promise<'late'>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS, 'late').unref());
      if ((await Promise.race([exited, timer])) === 'late') await worker.terminate();
    },
  };
}

function errorOf(event: Event): Error {
  if (event.type === 'stopped') return event.error;
  if (event.type === 'failed') return rebuilt(event.error);
  return new Error(`The file's reader answered "${event.type}" out of turn`);
}

/** The worker's messages, errors and exit, in order, one at a time. */
function eventsOf(worker: Worker, heapMb: number) {
  const queued: Event[] = [];
  let waiting: ((event: Event) => void) | null = null;
  const put = (event: Event) => {
    if (waiting) {
      const wake = waiting;
      waiting = null;
      wake(event);
    } else queued.push(event);
  };
  worker.on('message', (message: FromReader) => put(message));
  worker.on('error', (error) => put({ type: 'stopped', error: stoppedBy(error, heapMb) }));
  worker.on('exit', (code) =>
    put({ type: 'stopped', error: new Error(`The file's reader stopped unexpectedly (exit code ${code})`) }),
  );
  return {
    take: () =>
      queued.length
        ? Promise.resolve(queued.shift() as Event)
        : new Promise<Event>((resolve) => (waiting = resolve)),
  };
}

function stoppedBy(error: Error, heapMb: number): Error {
  if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return new DomainError(
    'too-large',
    `Reading this file needs more than the ${heapMb} MB an upload's reader may use (plugin config usage.import.readerHeapMb); split it into smaller files`,
    { limitMb: heapMb, ...coded('usage-import.reader-out-of-memory', { limitMb: heapMb }) },
  );
}
