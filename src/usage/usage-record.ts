import { z } from 'zod';
import { invalid, type FieldProblem } from '../common/errors';
import { readBadgeUid } from './badge-uid';
import { readEventData, type EventData } from './event-data';
import type { FieldResult } from './field-value';
import { EVENT_REF_MAX_LENGTH, ID_MAX_LENGTH, readEventGroup, readIdentifier } from './identifiers';
import { readInt64 } from './int64';
import { readSourceIp } from './source-ip';
import { readTemperature } from './temperature';
import { ACCEPTED_FIELDS_TEXT, usageFieldForName, type UsageField } from './usage-fields';
import { readDeviceTime, readUtcTime, utcStamp, type DeviceTime } from './usage-time';

/**
 * One usage record, validated and normalised: what the REST routes, the batch route
 * and the spreadsheet import all hand to the store. Every value is in its storage
 * form — counters and temperature as exact decimal strings, times as ISO text.
 */
export type UsageRecordInput = {
  eGroup: string;
  eId: string;
  deviceId: string;
  /** The sender's reference; with deviceId, eGroup and eId it makes a repeat harmless. Null never collides. */
  eventRef: string | null;
  /** UTC instant, ISO 8601 with `Z`. */
  dtu: string;
  /** True when the sender gave no Dtu and the server stamped `now` (guide: "automatically created by the server"). */
  dtuFromServer: boolean;
  /** Dt as the device sent it. */
  dtText: string | null;
  /** Dt's wall-clock time, ISO 8601 without offset. */
  dtLocal: string | null;
  srcIp: string | null;
  /** Signed 64-bit integers as canonical decimal strings. */
  intCounter: string | null;
  intCounter2: string | null;
  intCounter3: string | null;
  intCounter4: string | null;
  intCounter5: string | null;
  /** Exact decimal string. */
  temperature: string | null;
  eventData: EventData | null;
  /** Normalised RFID UID (upper-case hex, no separators). */
  badge: string | null;
};

export type UsageRecordContext = {
  /** The server's clock: stamps Dtu when the record has none. */
  now: Date;
  /** The request's remote address, used when the record carries no srcIp. */
  srcIp?: string | null;
  /**
   * How to name a field in messages. By default a field is named as the sender
   * spelled it ("ref", "IntCounter"); the spreadsheet import names the column and cell.
   */
  label?: (field: UsageField) => string | undefined;
};

export type UsageRecordResult =
  { ok: true; record: UsageRecordInput } | { ok: false; errors: FieldProblem[] };

/** Fields under their canonical names, plus the name each was sent under. */
export type CollectedFields = {
  values: Partial<Record<UsageField, unknown>>;
  sentAs: Partial<Record<UsageField, string>>;
  problems: FieldProblem[];
};

/**
 * Gathers fields from one or more objects (path params, query, body) under their
 * canonical names. Names are matched case-insensitively with the guide's aliases.
 * Refused here: names that are not usage-record fields, and a field given twice —
 * as two aliases, or in both the URL and the body — with different values (which
 * one the sender meant is a guess we don't make). The same value twice is fine.
 */
export function collectUsageFields(sources: ReadonlyArray<Record<string, unknown>>): CollectedFields {
  const values: Partial<Record<UsageField, unknown>> = {};
  const sentAs: Partial<Record<UsageField, string>> = {};
  const problems: FieldProblem[] = [];
  for (const source of sources) {
    for (const name of Object.keys(source)) {
      const value = source[name];
      if (value === undefined) continue;
      const field = usageFieldForName(name);
      if (!field) {
        problems.push({
          path: [name],
          message: `Unknown field ${JSON.stringify(name)}; accepted fields are ${ACCEPTED_FIELDS_TEXT}`,
        });
        continue;
      }
      if (field in values) {
        if (!sameValue(values[field], value)) {
          problems.push({
            path: [field],
            message: `${field} was given twice with different values (as ${JSON.stringify(sentAs[field])} and ${JSON.stringify(name)}); send it once`,
          });
        }
        continue;
      }
      values[field] = value;
      sentAs[field] = name;
    }
  }
  return { values, sentAs, problems };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return String(a) === String(b);
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * Validates collected fields into a record, reporting every problem (not just the
 * first) so a sender fixes a record in one round trip.
 */
export function validateUsageFields(
  collected: CollectedFields,
  context: UsageRecordContext,
): UsageRecordResult {
  const problems = [...collected.problems];
  const { values } = collected;
  const labelOf = (field: UsageField) => context.label?.(field) ?? collected.sentAs[field] ?? field;

  function take<T>(field: UsageField, result: FieldResult<T>): T | null {
    if (result.ok) return result.value;
    problems.push({ path: [field], message: `${labelOf(field)} ${result.message}` });
    return null;
  }

  const eGroup = take('eGroup', readEventGroup(values.eGroup));
  const eId = take('eId', readIdentifier(values.eId, { required: true, max: ID_MAX_LENGTH }));
  const deviceId = take('deviceId', readIdentifier(values.deviceId, { required: true, max: ID_MAX_LENGTH }));
  const eventRef = take(
    'eventRef',
    readIdentifier(values.eventRef, { required: false, max: EVENT_REF_MAX_LENGTH }),
  );
  const dtu = take('dtu', readUtcTime(values.dtu));
  const dt: DeviceTime | null = take('dt', readDeviceTime(values.dt));
  const srcIp = take('srcIp', readSourceIp(values.srcIp));
  const intCounter = take('intCounter', readInt64(values.intCounter));
  const intCounter2 = take('intCounter2', readInt64(values.intCounter2));
  const intCounter3 = take('intCounter3', readInt64(values.intCounter3));
  const intCounter4 = take('intCounter4', readInt64(values.intCounter4));
  const intCounter5 = take('intCounter5', readInt64(values.intCounter5));
  const temperature = take('temperature', readTemperature(values.temperature));
  const eventData = take('eventData', readEventData(values.eventData));
  const badge = take('badge', readBadgeUid(values.badge));

  if (problems.length) return { ok: false, errors: problems };
  return {
    ok: true,
    record: {
      eGroup: eGroup as string,
      eId: eId as string,
      deviceId: deviceId as string,
      eventRef,
      dtu: dtu ?? utcStamp(context.now),
      dtuFromServer: dtu === null,
      dtText: dt?.text ?? null,
      dtLocal: dt?.local ?? null,
      srcIp: srcIp ?? fallbackSourceIp(context.srcIp),
      intCounter,
      intCounter2,
      intCounter3,
      intCounter4,
      intCounter5,
      temperature,
      eventData,
      badge,
    },
  };
}

/** The request's own address is trusted input from the server, but still only kept when it is an address. */
function fallbackSourceIp(address: string | null | undefined): string | null {
  if (!address) return null;
  const read = readSourceIp(address);
  return read.ok ? read.value : null;
}

/** One record from a flat object of fields (a batch item, a spreadsheet row). Never throws. */
export function safeParseUsageRecord(fields: unknown, context: UsageRecordContext): UsageRecordResult {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    return {
      ok: false,
      errors: [
        {
          path: [],
          message: 'A usage record must be a JSON object of fields such as {"eGroup": "WM-ACME5", …}',
        },
      ],
    };
  }
  return validateUsageFields(collectUsageFields([fields as Record<string, unknown>]), context);
}

/** As `safeParseUsageRecord`, but a refusal is a 400 DomainError naming every problem. */
export function parseUsageRecord(fields: unknown, context: UsageRecordContext): UsageRecordInput {
  return orThrow(safeParseUsageRecord(fields, context));
}

// ---------------------------------------------------------------------------
// The single-record REST route: GET|PUT|POST /usage-records/:eGroup/:eId/:deviceId

const fieldObject = (what: string) =>
  z.record(z.string(), z.unknown(), { error: `${what} must be an object of usage-record fields` }).optional();

const requestShape = z.object({
  params: fieldObject('The path parameters'),
  query: fieldObject('The query string'),
  body: z
    .union([z.record(z.string(), z.unknown()), z.null(), z.undefined(), z.literal('')], {
      error: 'The request body must be a JSON object of usage-record fields, or empty',
    })
    .optional(),
});

export type UsageRecordRequest = {
  /** eGroup, eId, deviceId from the URL path. */
  params?: Record<string, unknown>;
  /** The query string as the framework parsed it (repeated keys arrive as lists). */
  query?: Record<string, unknown>;
  /** The body of a PUT or POST (JSON or form-encoded), if any. */
  body?: unknown;
};

/**
 * The guide's URL form — `/usage-records/test/1/mydevice?ref=firsttry&intcounter=6789`
 * — accepted the same way for GET, PUT and POST. Fields may come from the query
 * string, the body, or both; a field in both must agree.
 */
export function parseUsageRecordRequest(
  request: UsageRecordRequest,
  context: UsageRecordContext,
): UsageRecordInput {
  const shape = requestShape.safeParse(request);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw invalid(issue.message, [{ path: issue.path.map(String), message: issue.message }]);
  }
  // The originals, not zod's copies: copying a key named "__proto__" into a fresh
  // object would silently drop it instead of reporting it as an unknown field.
  const { params = {}, query = {}, body } = request;
  const sources = [params, query];
  if (body && typeof body === 'object') sources.push(body as Record<string, unknown>);
  return orThrow(validateUsageFields(collectUsageFields(sources), context));
}

function orThrow(result: UsageRecordResult): UsageRecordInput {
  if (result.ok) return result.record;
  throw invalid(summarize(result.errors), result.errors);
}

/** "intCounter must be a whole number (got "1.5") (and 2 more problems)". */
export function summarize(errors: readonly FieldProblem[]): string {
  const [first, ...rest] = errors;
  if (!first) return 'The usage record is invalid';
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return `${first.message}${more}`;
}
