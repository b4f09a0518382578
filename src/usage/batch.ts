import { DomainError, invalid, type FieldProblem } from '../common/errors';
import { findRepeats } from './idempotency-key';
import {
  safeParseUsageRecord,
  summarize,
  type UsageRecordContext,
  type UsageRecordInput,
} from './usage-record';

/**
 * A batch of usage records: `POST /api/utilities/usage-records` with
 * `{ "data": [ {record}, … ] }` (DESIGN §5).
 *
 * The envelope is all-or-nothing — a body that is not a batch, or one over the
 * limit, is refused whole with one error. The records are judged one by one: a bad
 * record doesn't sink the good ones beside it (a device retrying a 400 would resend
 * them all), and each outcome carries the record's index in `data`.
 */
export const DEFAULT_BATCH_LIMIT = 1000;

export type BatchItemOutcome =
  | { index: number; status: 'valid'; record: UsageRecordInput }
  /** Same deviceId, eGroup, eId and eventRef as an earlier item: only the first is kept (guide). */
  | { index: number; status: 'repeat'; record: UsageRecordInput; repeatOf: number }
  | { index: number; status: 'rejected'; message: string; errors: FieldProblem[] };

export type UsageBatch = {
  items: BatchItemOutcome[];
  valid: number;
  repeats: number;
  rejected: number;
};

export type BatchContext = UsageRecordContext & {
  /** Most records one batch may carry; default 1000. */
  maxRecords?: number;
};

const SHAPE = 'send {"data": [ {"eGroup": …, "eId": …, "deviceId": …, …}, … ]}';

export function parseUsageBatch(body: unknown, context: BatchContext): UsageBatch {
  const limit = context.maxRecords ?? DEFAULT_BATCH_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new Error(`maxRecords must be a positive whole number, got ${limit}`);

  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(`The request body must be a JSON object: ${SHAPE}`, [
      { path: [], message: `The request body must be a JSON object: ${SHAPE}` },
    ]);
  }
  const unknown = Object.keys(body).filter((key) => key !== 'data');
  if (unknown.length) {
    const message = `Unknown field ${JSON.stringify(unknown[0])} in the batch; the body holds only "data": ${SHAPE}`;
    throw invalid(
      message,
      unknown.map((key) => ({ path: [key], message: `Unknown field ${JSON.stringify(key)}` })),
    );
  }
  const data = (body as { data?: unknown }).data;
  if (data === undefined || data === null)
    throw invalid(`data is required: ${SHAPE}`, [{ path: ['data'], message: 'data is required' }]);
  if (!Array.isArray(data)) {
    const message = `data must be an array of usage records: ${SHAPE}`;
    throw invalid(message, [{ path: ['data'], message }]);
  }
  if (data.length > limit) {
    throw new DomainError(
      'too-large',
      `A batch holds at most ${limit} records; this one has ${data.length}. Send them in batches of ${limit} or fewer.`,
      { limit, received: data.length },
    );
  }

  const parsed = data.map((item) => safeParseUsageRecord(item, context));
  const repeats = findRepeats(parsed.map((result) => (result.ok ? result.record : null)));
  const batch: UsageBatch = {
    items: new Array<BatchItemOutcome>(parsed.length),
    valid: 0,
    repeats: 0,
    rejected: 0,
  };
  parsed.forEach((result, index) => {
    if (!result.ok) {
      batch.rejected += 1;
      batch.items[index] = {
        index,
        status: 'rejected',
        message: summarize(result.errors),
        errors: result.errors,
      };
      return;
    }
    const first = repeats.get(index);
    if (first !== undefined) {
      batch.repeats += 1;
      batch.items[index] = { index, status: 'repeat', record: result.record, repeatOf: first };
      return;
    }
    batch.valid += 1;
    batch.items[index] = { index, status: 'valid', record: result.record };
  });
  return batch;
}
