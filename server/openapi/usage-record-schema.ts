import { DEFAULT_BATCH_LIMIT } from '../../src/usage/batch';
import { USAGE_FIELDS, usageFieldForName, type UsageField } from '../../src/usage/usage-fields';
import type { JsonSchema } from './operations';

/**
 * Usage-record fields are not parsed by one zod object: names are matched
 * case-insensitively against the vocabulary in src/usage/usage-fields.ts (the
 * guide's `ref`, `EventRef`, `Int`, `DtDevice` …) and each value by its own rule
 * (src/usage/usage-record.ts). So the description is derived from that
 * vocabulary: one property per canonical field, under the guide's spelling,
 * with the other accepted spellings named in its description.
 */
const DESCRIPTIONS: Record<UsageField, { schema: JsonSchema; text: string }> = {
  eGroup: { schema: { type: 'string', pattern: '^[A-Za-z]' }, text: 'Event group; starts with a letter A–Z' },
  eId: { schema: { type: 'string', maxLength: 64 }, text: 'Event id (record type)' },
  deviceId: { schema: { type: 'string', maxLength: 64 }, text: 'The device' },
  eventRef: {
    schema: { type: 'string', maxLength: 128 },
    text: 'Unique per (deviceId, eGroup, eId): a repeat is answered 200 and not stored again',
  },
  dtu: {
    schema: { type: 'string' },
    text: 'UTC time of use, ISO 8601 or `12-jun-2021 14:31`; stamped by the server when absent',
  },
  dt: { schema: { type: 'string' }, text: "The device's local time of use" },
  srcIp: { schema: { type: 'string' }, text: "The sender's address; the connection's when absent" },
  intCounter: { schema: counter(), text: 'Signed 64-bit integer; send values beyond ±2^53 as strings' },
  intCounter2: { schema: counter(), text: 'Signed 64-bit integer' },
  intCounter3: { schema: counter(), text: 'Signed 64-bit integer' },
  intCounter4: { schema: counter(), text: 'Signed 64-bit integer' },
  intCounter5: { schema: counter(), text: 'Signed 64-bit integer' },
  temperature: {
    schema: { anyOf: [{ type: 'number' }, { type: 'string' }] },
    text: 'Temperature (unit implied by the device)',
  },
  eventData: {
    schema: { anyOf: [{ type: 'object' }, { type: 'string' }] },
    text: 'Custom JSON object (or its JSON text), at most 16 KB',
  },
  badge: { schema: { type: 'string' }, text: 'An RFID badge UID' },
};

function counter(): JsonSchema {
  return { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d{1,19}$' }] };
}

/** The guide's spelling of each field (`ref`, `intcounter`, `eventdataj` …): what the quick start uses. */
const GUIDE_NAME: Partial<Record<UsageField, string>> = {
  eventRef: 'ref',
  intCounter: 'intcounter',
  intCounter2: 'intcounter2',
  intCounter3: 'intcounter3',
  intCounter4: 'intcounter4',
  intCounter5: 'intcounter5',
  eventData: 'eventdataj',
};

const nameOf = (field: UsageField) => GUIDE_NAME[field] ?? field;

// Fail at load (and so in the unit test) if the vocabulary stops accepting a name used here.
for (const field of USAGE_FIELDS) {
  if (usageFieldForName(nameOf(field)) !== field)
    throw new Error(`"${nameOf(field)}" is not a name of ${field}`);
}

function property(field: UsageField): JsonSchema {
  const { schema, text } = DESCRIPTIONS[field];
  return { ...schema, description: `${text}. Field ${field}; names are case-insensitive.` };
}

/** One record's fields (PUT/POST body of the single-record routes). */
export const usageRecordFieldsSchema: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(USAGE_FIELDS.map((f) => [nameOf(f), property(f)])),
};

/** The batch body: `{ "data": [ {record}, … ] }`. */
export const usageBatchSchema: JsonSchema = {
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    data: {
      type: 'array',
      minItems: 1,
      maxItems: DEFAULT_BATCH_LIMIT,
      description: `At most usage.maxBatch records (default ${DEFAULT_BATCH_LIMIT})`,
      items: { ...usageRecordFieldsSchema, required: ['eGroup', 'eId', 'deviceId'] },
    },
  },
};

const PATH_FIELDS: readonly UsageField[] = ['eGroup', 'eId', 'deviceId'];

const storedRecord = {
  id: 1,
  deviceId: 'mydevice',
  eGroup: 'test',
  eId: '1',
  eventRef: 'firsttry',
  dtu: '2026-04-01T09:30:00.000Z',
  dtuFromServer: true,
  dt: null,
  dtLocal: null,
  srcIp: '10.0.0.5',
  intCounter: '6789',
  intCounter2: null,
  intCounter3: null,
  intCounter4: null,
  intCounter5: null,
  temperature: null,
  eventData: null,
  badge: null,
  source: 'api',
  importLog: null,
  receivedAt: '2026-04-01T09:30:00.000Z',
};

/** Examples from the usage-charging guide's quick start and the README. */
export const usageRecordExamples = {
  /** The query fields of the URL form (the path carries eGroup, eId, deviceId). */
  queryFields: Object.fromEntries(
    USAGE_FIELDS.filter((f) => !PATH_FIELDS.includes(f)).map((f) => [nameOf(f), DESCRIPTIONS[f].text]),
  ),
  created: { data: storedRecord, meta: { duplicate: false } },
  duplicate: { data: storedRecord, meta: { duplicate: true } },
  batch: {
    data: [
      { eGroup: 'WM-ACME5', eId: 'Type-1', deviceId: 'myDevice1', ref: 'tick-1718273', intcounter: 301 },
      { eGroup: 'WM-ACME5', eId: 'Type-1', deviceId: 'myDevice1', ref: 'tick-1718274', intcounter: 305 },
      { eGroup: 'WM-ACME5', eId: 'Type-1', deviceId: 'myDevice1', ref: 'tick-1718275', intcounter: 'x' },
    ],
  },
  batchAnswer: {
    data: [
      { index: 0, status: 'created', id: 41 },
      { index: 1, status: 'created', id: 42 },
      {
        index: 2,
        status: 'rejected',
        message: 'intCounter must be a whole number (got "x")',
        errors: [{ path: ['intCounter'], message: 'intCounter must be a whole number (got "x")' }],
      },
    ],
    meta: { received: 3, created: 2, duplicates: 0, rejected: 1 },
  },
};
