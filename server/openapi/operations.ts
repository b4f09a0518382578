import type { z } from 'zod';
import { activationSchema } from '../../src/catalog/activation';
import { deviceCreateSchema, deviceUpdateSchema } from '../../src/catalog/device';
import { deviceTypeCreateSchema, deviceTypeUpdateSchema } from '../../src/catalog/device-type';
import { utilityTypeCreateSchema, utilityTypeUpdateSchema } from '../../src/catalog/utility-type';
import { channelCreateSchema, channelUpdateSchema } from '../../src/channels/channel-input';
import { billingPointCreateSchema, billingPointUpdateSchema } from '../../src/billing/billing-point';
import { buildingCreateSchema, buildingUpdateSchema } from '../../src/billing/building';
import { coverageQuerySchema } from '../../src/billing/coverage';
import {
  installationCreateSchema,
  installationUpdateSchema,
  linkSchema,
} from '../../src/billing/meter-installation';
import { moveSchema } from '../../src/billing/move';
import { occupancyCreateSchema, occupancyUpdateSchema } from '../../src/billing/occupancy';
import { partyCreateSchema, partyUpdateSchema } from '../../src/billing/party';
import { rateCreateBodySchema, rateUpdateBodySchema } from '../../src/billing/rate';
import { badgeCreateSchema, badgeUpdateSchema } from '../../src/billing/rfid-badge';
import { usageMetricCreateSchema, usageMetricUpdateSchema } from '../../src/billing/usage-metric';
import { invoiceNoteSchema, runRequestSchema } from '../../src/charging/charge-run';
import { creditNoteRequestSchema } from '../../src/documents/credit-note';
import { emailSettingsSchema, sendRunSchema } from '../../src/documents/email-settings';
import { issuerSettingsSchema } from '../../src/documents/issuer-settings';
import { calendarRecordSchema } from '../../src/charging/tariffs/calendar-record';
import { listQuerySchema } from '../../src/common/list-query';
import {
  advanceBody,
  costItemBody,
  keysBody,
  measurementBody,
  schemeBody,
} from '../services/allocation/allocation-records';
import { communitySchema, figuresQuerySchema } from '../../src/community';
import { runBody as settlementRunBody } from '../services/allocation/settlement-runs';
import { importBody as costItemImportBody } from '../services/allocation/cost-item-import';
import { paymentBody } from '../services/allocation/recorded-payments';
import { claimCreateSchema, decisionSchema } from '../../src/members/property-claim';
import { modulesPatchSchema } from '../../src/modules';
import { correctionSchema, fillSchema, undoSchema } from '../../src/validation/corrections';
import { validationSettingsSchema } from '../../src/validation/rule-config';
import { runRequestSchema as validationRunSchema } from '../../src/validation/run-request';
import { usageRecordExamples, usageRecordFieldsSchema, usageBatchSchema } from './usage-record-schema';

/**
 * What the route tables don't say about each route: a summary, the tag, the
 * input schemas (the zod schemas the server parses with, imported from src/),
 * extra query parameters read one by one by the services, the success answer
 * and the error statuses beyond the ones every route has (401, 403; 400 when
 * there is input; 404 when the path names a record).
 *
 * Keyed by `METHOD /full/path` as Strapi mounts it: admin routes under
 * /utilities, content-API routes under /api/utilities. build-document.ts fails
 * when a registered route has no entry here or an entry matches no route.
 */
export type JsonSchema = Record<string, unknown>;

export type Operation = {
  summary: string;
  tag: string;
  description?: string;
  /** Query parameters parsed by a zod object schema. */
  query?: z.ZodType;
  /** Query parameters the service reads one by one: name → description (text values). */
  filters?: Record<string, string>;
  /** A JSON request body: the zod schema it is parsed with, or a JSON Schema. */
  body?: z.ZodType | JsonSchema;
  bodyExample?: unknown;
  /** A multipart/form-data body instead (uploads). */
  multipart?: JsonSchema;
  /** The success answer; 200 with `{ data }` unless said. */
  response?: {
    status?: number;
    description?: string;
    list?: boolean;
    contentType?: string;
    schema?: JsonSchema;
    example?: unknown;
    /** More answers, e.g. 200 for a duplicate next to 201. */
    also?: Record<number, { description: string; example?: unknown }>;
  };
  /** Error statuses beyond the defaults, e.g. 409 or 413. */
  errors?: number[];
  /** Path parameters, when the default description ("documentId of …") does not fit. */
  params?: Record<string, string>;
};

const LIST = { list: true } as const;
/** A PDF document (invoice, credit note) answered as bytes. */
const PDF = {
  contentType: 'application/pdf',
  schema: { type: 'string', contentEncoding: 'binary' },
} as const;

/** The list filter of period-keyed rows (src/allocation/period-key.ts). */
const PERIOD_KEY_FILTER = '"default" or a period yyyy-MM-dd..yyyy-MM-dd';

/** The five REST operations of an admin resource (server/routes/crud-routes.ts). */

function crud(
  path: string,
  tag: string,
  noun: string,
  schemas: { create: z.ZodType; update: z.ZodType; example?: unknown; filters?: Record<string, string> },
): Record<string, Operation> {
  const base = `/utilities/${path}`;
  return {
    [`GET ${base}`]: {
      summary: `List ${noun}s`,
      tag,
      query: listQuerySchema,
      filters: schemas.filters,
      response: LIST,
    },
    [`POST ${base}`]: {
      summary: `Create a ${noun}`,
      tag,
      body: schemas.create,
      bodyExample: schemas.example,
      response: { status: 201, description: `The created ${noun}` },
      errors: [409],
    },
    [`GET ${base}/:id`]: { summary: `Get a ${noun}`, tag },
    [`PUT ${base}/:id`]: {
      summary: `Update a ${noun} (only the fields sent change)`,
      tag,
      body: schemas.update,
      errors: [409],
    },
    [`DELETE ${base}/:id`]: {
      summary: `Delete a ${noun}`,
      tag,
      description: 'Refused with 409 while other records still refer to it.',
      errors: [409],
    },
  };
}

const CATALOG = 'Catalog';
const CHANNELS = 'Channels and ingestion';
const BILLING = 'Billing';
const CHARGING = 'Charging';
const ALLOCATION = 'Cost allocation';
const COMMUNITIES = 'Solar communities';
const DOCUMENTS = 'Billing documents';
const USAGE = 'Usage records';
const MEMBERS = 'Members';
const SETTINGS = 'Settings';
const VALIDATION = 'Meter data validation';
const DEVICES_API = 'Devices (content API)';
const RESIDENTS_API = 'Residents (content API)';

const CONSUMPTION_QUERY = {
  period: 'day or month (default day)',
  from: 'a date (00:00 local) or an instant with a zone; default 31 days (12 months) before to',
  to: 'exclusive end, same forms as from; default today',
  register: 'only this register',
};

const ingestSingle = (method: 'GET' | 'PUT' | 'POST'): Operation => ({
  summary: `Record one usage record (the guide's URL form, by ${method})`,
  tag: DEVICES_API,
  description:
    "Fields come from the path, the query string and (PUT, POST) a JSON or form body; names are case-insensitive and the guide's spellings (`EventRef`, `Int`, `DtDevice`) work. A field given twice must agree. 201 with the stored record; a repeat of a stored (deviceId, eGroup, eId, ref) answers 200 with `meta.duplicate: true` and the original record, and saves nothing.",
  ...(method === 'GET' ? {} : { body: usageRecordFieldsSchema }),
  filters: usageRecordExamples.queryFields,
  params: {
    eGroup: 'Event group; starts with a letter A–Z (a leading digit is reserved)',
    eId: 'Event id (record type), at most 64 printable characters',
    deviceId: 'The device, at most 64 printable characters; created (source usage-api) on its first record',
  },
  response: {
    status: 201,
    description: 'Stored',
    example: usageRecordExamples.created,
    also: {
      200: {
        description: 'A duplicate: nothing saved, the original record',
        example: usageRecordExamples.duplicate,
      },
    },
  },
  errors: [413],
});

const ingestPartial = (method: 'GET' | 'PUT' | 'POST', missing: string): Operation => ({
  summary: `Incomplete URL form (${method}): answers 400 naming the missing ${missing}`,
  tag: DEVICES_API,
  description: `Exists so that a URL missing its ${missing} gets a 400 saying so instead of a bare 404. The full form is /api/utilities/usage-records/{eGroup}/{eId}/{deviceId}.`,
  ...(method === 'GET' ? {} : { body: usageRecordFieldsSchema }),
  response: { status: 201, description: 'Stored, when the query or body supplies the missing parts' },
  errors: [413],
});

export const operations: Record<string, Operation> = {
  // Settings
  'GET /utilities/modules': {
    summary: 'Which modules are on (any signed-in admin)',
    tag: SETTINGS,
    response: { example: { data: { utilities: true, devices: true, billing: true, usage: true } } },
  },
  'GET /utilities/openapi.json': {
    summary: 'This OpenAPI description (any signed-in admin)',
    tag: SETTINGS,
    response: {
      description: 'The OpenAPI 3.1 document',
      schema: { type: 'object' },
      contentType: 'application/json',
    },
  },
  'GET /utilities/settings': { summary: 'The plugin settings (module switches)', tag: SETTINGS },
  'PUT /utilities/settings': {
    summary: 'Switch modules on or off',
    tag: SETTINGS,
    body: modulesPatchSchema,
    bodyExample: { modules: { usage: false } },
  },

  // Catalog
  ...crud('utility-types', CATALOG, 'utility type', {
    create: utilityTypeCreateSchema,
    update: utilityTypeUpdateSchema,
    example: { code: 'WATER', name: 'Water' },
    filters: { active: 'true or false', q: 'text in code or name' },
  }),
  'GET /utilities/activation': {
    summary: 'The activation matrix: which device types may measure which utility type',
    tag: CATALOG,
  },
  'PUT /utilities/activation/:utilityTypeId': {
    summary: 'Set the device types of a utility type (only the difference is applied)',
    tag: CATALOG,
    body: activationSchema,
    bodyExample: { deviceTypeIds: ['k3l8m2n9p4q7r1s5t6u0v2w8'] },
    params: { utilityTypeId: 'documentId of the utility type' },
    response: {
      example: {
        data: { message: 'Utility device links updated', added: 1, removed: 0, notActivatedDevices: [] },
      },
    },
    errors: [404, 409],
  },
  ...crud('device-types', CATALOG, 'device type', {
    create: deviceTypeCreateSchema,
    update: deviceTypeUpdateSchema,
    example: { code: 'ACME5', name: 'ACME-5 water meter', manufacturer: 'ACME' },
    filters: { active: 'true or false', q: 'text in code or name' },
  }),
  ...crud('devices', CATALOG, 'device', {
    create: deviceCreateSchema,
    update: deviceUpdateSchema,
    example: { meterNumber: 'WM-000123', deviceType: 'k3l8m2n9p4q7r1s5t6u0v2w8', unit: 'm3' },
    filters: {
      q: 'text in meter number or label',
      deviceType: 'documentId of a device type',
      utilityType: 'documentId of a utility type, or none',
      active: 'true or false',
    },
  }),
  'GET /utilities/devices/:id/readings': {
    summary: "A device's meter readings",
    tag: CATALOG,
    query: listQuerySchema,
    filters: { from: 'instant or date', to: 'instant or date', register: 'only this register' },
    response: LIST,
  },
  'GET /utilities/devices/:id/consumption': {
    summary: "A device's consumption per day or month (README: Consumption series)",
    tag: CATALOG,
    filters: CONSUMPTION_QUERY,
  },

  // Channels and ingestion
  'GET /utilities/handlers': {
    summary: 'The registered channel handlers with their config schema',
    tag: CHANNELS,
  },
  ...crud('channels', CHANNELS, 'channel', {
    create: channelCreateSchema,
    update: channelUpdateSchema,
    example: { code: 'SFTP_MAIN', name: 'Main SFTP drop', handler: 'sftp', config: {} },
  }),
  'POST /utilities/channels/:id/test': {
    summary: "Test a channel's connection (a failed test is a result: `{ ok: false, code, message }`)",
    tag: CHANNELS,
  },
  'GET /utilities/channels/:id/remote-files': {
    summary: 'The files waiting at the channel',
    tag: CHANNELS,
    errors: [502],
  },
  'POST /utilities/channels/:id/pull': {
    summary: 'Pull the channel now',
    tag: CHANNELS,
    description:
      'A pull still running after `channels.pullAnswerWithinMs` answers 202 and goes on in the background (its progress shows in the ingestion log). A remote failure is 502 ChannelError with `details.code` and `details.retryable`.',
    response: {
      description: 'The finished pull',
      also: {
        202: {
          description: 'Still running in the background',
          example: {
            data: {
              status: 'running',
              message: 'The pull goes on in the background; follow its progress in the ingestion log',
            },
          },
        },
      },
    },
    errors: [409, 502],
  },
  'GET /utilities/channels/:id/pull-status': {
    summary: "Whether the channel is being pulled and how far; else the last pull's row report",
    tag: CHANNELS,
    description:
      "Read from the ingestion log's checkpoints and the pull lease, so every instance answers alike. While a pull runs: `files.done` of `files.total` and the rows stored or given an outcome so far; after it, the rows of the files the last pull processed, by outcome.",
    response: {
      description: 'The pull status',
      example: {
        data: {
          running: true,
          startedAt: '2026-12-03T10:00:00.000Z',
          files: { done: 1, total: 3 },
          rows: 45000,
          last: null,
        },
      },
    },
  },
  'GET /utilities/ingestion-logs': {
    summary: 'The ingestion log: one entry per file',
    tag: CHANNELS,
    query: listQuerySchema,
    filters: {
      channel: 'documentId of a channel',
      status: 'one or more of Pending, Processing, Completed, Failed, Partial, Skipped (comma-separated)',
      from: 'instant or date',
      to: 'instant or date',
    },
    response: LIST,
  },
  'GET /utilities/ingestion-logs/:id': { summary: 'One ingestion log entry', tag: CHANNELS },
  'GET /utilities/ingestion-logs/:id/rows': {
    summary: 'The per-row outcomes of an ingested file',
    tag: CHANNELS,
    query: listQuerySchema,
    filters: { outcome: 'one or more of inserted, duplicate, conflict, rejected (comma-separated)' },
    response: LIST,
  },
  'POST /utilities/ingestion-logs/reconstruct-legacy': {
    summary: 'Rebuild log entries for readings stored before the ingestion log existed',
    tag: CHANNELS,
  },

  // Billing
  ...crud('buildings', BILLING, 'building', {
    create: buildingCreateSchema,
    update: buildingUpdateSchema,
    example: { code: 'B1', name: 'Lakeside 12' },
  }),
  ...crud('billing-points', BILLING, 'billing point', {
    create: billingPointCreateSchema,
    update: billingPointUpdateSchema,
    example: {
      code: 'B1-APT-01',
      name: 'Ground floor apartment',
      building: 'h2j4k6m8n0p2q4r6s8t0u2v4',
      kind: 'apartment',
    },
  }),
  'GET /utilities/billing-points/:id/occupancies': {
    summary: "A billing point's occupancies",
    tag: BILLING,
    query: listQuerySchema,
    response: LIST,
  },
  'POST /utilities/billing-points/:id/occupancies': {
    summary: 'Add an occupancy (dates in the building zone, both ends included)',
    tag: BILLING,
    body: occupancyCreateSchema,
    bodyExample: { party: 'p1q2r3s4t5u6v7w8x9y0z1a2', entryDate: '2026-01-01', exitDate: null },
    response: { status: 201 },
    errors: [409],
  },
  'PUT /utilities/billing-points/:id/occupancies/:occupancyId': {
    summary: 'Change an occupancy',
    tag: BILLING,
    body: occupancyUpdateSchema,
    params: { occupancyId: 'documentId of the occupancy' },
    errors: [409],
  },
  'DELETE /utilities/billing-points/:id/occupancies/:occupancyId': {
    summary: 'Delete an occupancy',
    tag: BILLING,
    params: { occupancyId: 'documentId of the occupancy' },
  },
  'GET /utilities/billing-points/:id/occupant': {
    summary: 'Who occupies the billing point on a day',
    tag: BILLING,
    filters: { at: 'a date yyyy-MM-dd (default today)' },
  },
  'POST /utilities/billing-points/:id/move': {
    summary: 'Register a move: exit date and, optionally, the next occupant (one transaction)',
    tag: BILLING,
    body: moveSchema,
    bodyExample: {
      exitDate: '2026-03-31',
      newOccupant: {
        party: { kind: 'natural', firstName: 'Anna', lastName: 'Meier' },
        entryDate: '2026-04-01',
      },
    },
    errors: [409],
  },
  'GET /utilities/billing-points/:id/coverage': {
    summary: 'Occupant and vacancy (owner) periods covering from … to',
    tag: BILLING,
    query: coverageQuerySchema,
    errors: [409],
  },
  'GET /utilities/billing-points/:id/meters': {
    summary: 'The meters installed at a billing point',
    tag: BILLING,
    query: listQuerySchema,
    response: LIST,
  },
  'GET /utilities/billing-points/:id/consumption': {
    summary: 'Consumption per utility at a billing point, per day or month',
    tag: BILLING,
    filters: CONSUMPTION_QUERY,
  },
  'POST /utilities/billing-points/:id/meters': {
    summary: 'Install a meter at the billing point',
    tag: BILLING,
    body: installationCreateSchema,
    bodyExample: { device: 'd1e2f3g4h5i6j7k8l9m0n1o2', from: '2026-01-01', to: null },
    response: { status: 201 },
    errors: [409],
  },
  'PUT /utilities/billing-points/:id/meters/:installationId': {
    summary: 'Unlink a meter (`{ to }`) or correct its installation dates',
    tag: BILLING,
    body: installationUpdateSchema,
    bodyExample: { to: '2026-06-30' },
    params: { installationId: 'documentId of the meter installation' },
    errors: [409],
  },
  'DELETE /utilities/billing-points/:id/meters/:installationId': {
    summary: 'Delete a meter installation',
    tag: BILLING,
    params: { installationId: 'documentId of the meter installation' },
  },
  'GET /utilities/occupancies': {
    summary: 'Occupancies across billing points',
    tag: BILLING,
    query: listQuerySchema,
    response: LIST,
  },
  'GET /utilities/meter-installations': {
    summary: 'Meter installations across billing points',
    tag: BILLING,
    query: listQuerySchema,
    response: LIST,
  },
  'POST /utilities/meter-installations': {
    summary: 'Link a meter to an existing billing point or to a new one in the same step',
    tag: BILLING,
    body: linkSchema,
    bodyExample: {
      device: 'd1e2f3g4h5i6j7k8l9m0n1o2',
      from: '2026-01-01',
      billingPoint: {
        code: 'B1-APT-01',
        name: 'Ground floor apartment',
        building: 'h2j4k6m8n0p2q4r6s8t0u2v4',
      },
    },
    response: { status: 201 },
    errors: [404, 409],
  },
  ...crud('parties', BILLING, 'party', {
    create: partyCreateSchema,
    update: partyUpdateSchema,
    example: { kind: 'natural', firstName: 'Anna', lastName: 'Meier', email: 'anna@example.org' },
  }),
  'GET /utilities/rfid-badges/lookup': {
    summary: 'Find the badge and its party by UID on a day',
    tag: BILLING,
    filters: { uid: 'the badge UID (case and separators ignored)', at: 'a date yyyy-MM-dd (default today)' },
  },
  ...crud('rfid-badges', BILLING, 'RFID badge', {
    create: badgeCreateSchema,
    update: badgeUpdateSchema,
    example: { uid: '04:A2:2B:1C', party: 'p1q2r3s4t5u6v7w8x9y0z1a2' },
  }),
  'GET /utilities/rates/effective': {
    summary: 'The rate that applies: billing point, building, then default',
    tag: BILLING,
    filters: {
      billingPoint: 'documentId of the billing point',
      utilityType: 'documentId of a utility type (or usageMetric)',
      usageMetric: 'documentId of a usage metric (or utilityType)',
      at: 'a date yyyy-MM-dd',
    },
  },
  ...crud('rates', BILLING, 'rate', {
    create: rateCreateBodySchema,
    update: rateUpdateBodySchema,
    example: {
      utilityType: 'u1v2w3x4y5z6a7b8c9d0e1f2',
      scope: 'default',
      validFrom: '2026-01-01',
      unitPrice: '2.35',
      vatRate: '8.1',
      currency: 'CHF',
    },
  }),
  'GET /utilities/rates/:id/history': {
    summary: "A rate's change history: who changed or deleted it, when, the values before and after",
    tag: BILLING,
    response: LIST,
  },
  ...crud('tariff-calendars', BILLING, 'tariff calendar', {
    create: calendarRecordSchema,
    update: calendarRecordSchema,
    example: {
      code: 'CH-HTNT',
      name: 'HT/NT Zürich',
      windows: [
        { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
        { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
      ],
      defaultBand: 'NT',
      holidayRegion: 'CH-ZH',
    },
  }),
  ...crud('cost-items', ALLOCATION, 'cost item', { create: costItemBody, update: costItemBody }),
  ...crud('allocation-keys', ALLOCATION, 'allocation key', {
    create: keysBody,
    update: keysBody,
    filters: { periodKey: PERIOD_KEY_FILTER },
  }),
  ...crud('allocation-schemes', ALLOCATION, 'allocation scheme', {
    create: schemeBody,
    update: schemeBody,
    filters: { periodKey: PERIOD_KEY_FILTER },
  }),
  ...crud('allocation-measurements', ALLOCATION, 'allocation measurement', {
    create: measurementBody,
    update: measurementBody,
  }),
  ...crud('advance-payments', ALLOCATION, 'advance payment', { create: advanceBody, update: advanceBody }),
  ...crud('recorded-payments', ALLOCATION, 'recorded payment', {
    create: paymentBody,
    update: paymentBody,
    filters: { party: 'party documentId', group: 'advance group', kind: 'payment or refund' },
  }),
  'POST /utilities/cost-items/import': {
    summary: "Import a building's cost items from CSV, with an outcome per line",
    tag: ALLOCATION,
    body: costItemImportBody,
    response: { status: 200, description: 'Per line: created, duplicate or rejected (with the reason)' },
  },
  'GET /utilities/settlement-runs': {
    summary: 'List settlement runs',
    tag: ALLOCATION,
    query: listQuerySchema,
    response: LIST,
  },
  'POST /utilities/settlement-runs': {
    summary: "Run a building's annual settlement for a period (replaces that period's draft)",
    tag: ALLOCATION,
    body: settlementRunBody,
    response: { status: 201, description: 'The draft settlement run with its statements' },
    errors: [409],
  },
  'GET /utilities/settlement-runs/:id': {
    summary: 'Get a settlement run with its statements',
    tag: ALLOCATION,
  },
  'GET /utilities/settlement-runs/:id/statements.csv': {
    summary: "The run's statements as spreadsheet-safe CSV",
    tag: ALLOCATION,
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with a byte order mark' },
  },
  'GET /utilities/settlement-runs/:id/statements.xlsx': {
    summary: "The run's statements, costs and billing points' shares as an Excel workbook",
    tag: ALLOCATION,
    response: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      schema: { type: 'string', contentEncoding: 'binary' },
    },
  },
  'GET /utilities/settlement-runs/:id/statements/:statementId/document.pdf': {
    summary:
      "One party's statement (Nebenkostenabrechnung) as a PDF in the party's language, with the Swiss QR-bill when a finalized run's balance is due",
    tag: ALLOCATION,
    filters: { download: '1: offered as a download (Content-Disposition attachment) instead of inline' },
    response: PDF,
  },
  'POST /utilities/settlement-runs/:id/finalize': {
    summary: 'Finalize a balanced draft without exceptions (locks the period)',
    tag: ALLOCATION,
    errors: [409],
  },
  'POST /utilities/settlement-runs/:id/void': {
    summary: 'Void a settlement run',
    tag: ALLOCATION,
    errors: [409],
  },
  ...crud('usage-metrics', BILLING, 'usage metric', {
    create: usageMetricCreateSchema,
    update: usageMetricUpdateSchema,
    example: {
      code: 'WASH',
      name: 'Washing machine runs',
      eGroup: 'WM-ACME5',
      aggregation: 'count',
      unit: 'run',
    },
  }),

  // Solar communities
  'GET /utilities/communities': {
    summary: 'List solar self-consumption communities (ZEV, vZEV, LEG)',
    tag: COMMUNITIES,
    query: listQuerySchema,
    filters: { q: 'code or name contains', building: 'documentId of the building' },
    response: LIST,
  },
  'POST /utilities/communities': {
    summary: 'Create a community',
    tag: COMMUNITIES,
    description:
      'A solar price above the EnV art. 16 cap of a standard-product period is saved and named in `meta.warnings`; the charge run refuses to bill above it.',
    body: communitySchema,
    bodyExample: {
      code: 'LAKE-ZEV',
      name: 'Lakeside Residence ZEV',
      kind: 'ZEV',
      building: 'building-documentId',
      members: [{ billingPoint: 'point-documentId', entryDate: '2024-01-01', exitDate: null }],
      productionMeters: [{ meterNumber: 'PV-LAKE-1', register: '2.8.0' }],
      connection: {
        import: [{ meterNumber: 'CONN-LAKE', register: '1.8.0' }],
        export: [{ meterNumber: 'CONN-LAKE', register: '2.8.0' }],
      },
      solarPrices: [{ band: '*', price: '0.20' }],
      standardPrices: [{ from: '2024-01-01', to: '2024-12-31', prices: [{ band: '*', price: '0.30' }] }],
    },
    response: { status: 201, description: 'The created community, with `meta.warnings`' },
    errors: [409],
  },
  'GET /utilities/communities/:id': { summary: 'Get a community', tag: COMMUNITIES },
  'PUT /utilities/communities/:id': {
    summary: 'Replace a community (the whole record, members and meters included)',
    tag: COMMUNITIES,
    body: communitySchema,
    response: { description: 'The community, with `meta.warnings`' },
    errors: [409],
  },
  'DELETE /utilities/communities/:id': { summary: 'Delete a community', tag: COMMUNITIES },
  'GET /utilities/communities/:id/figures': {
    summary:
      "A community's production, self-consumption, export, common consumption and solar/grid per member",
    tag: COMMUNITIES,
    description:
      'Split interval by interval from the 15-minute readings; intervals with a missing, duplicate, misaligned or negative reading are split for nobody and listed in `exceptions`.',
    query: figuresQuerySchema,
  },

  // Charging
  'GET /utilities/charge-runs': {
    summary: 'Charge runs',
    tag: CHARGING,
    query: listQuerySchema,
    response: LIST,
  },
  'POST /utilities/charge-runs': {
    summary: 'Start the draft run of a period and scope (charged in the background)',
    description:
      'Always answers 202 with the run `running` and `progress` (billing points done / total); poll `GET /utilities/charge-runs/:id` until it is `draft` (`replaced: true` when it replaced the draft of the same period and scope) or `failed` (`failure`: code, params, message). A bad scope is 400 and a single billing point whose period is finalized 409 at once; a second run of a scope that has one running, on any instance, is 409 `charge-run.running`.',
    tag: CHARGING,
    body: runRequestSchema,
    bodyExample: {
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      scope: { building: 'h2j4k6m8n0p2q4r6s8t0u2v4' },
    },
    response: { status: 202, description: 'The run, `running`' },
    errors: [409],
  },
  'GET /utilities/charge-runs/:id/statement.csv': {
    summary: 'The statement of building charges as CSV',
    tag: CHARGING,
    response: { contentType: 'text/csv', schema: { type: 'string' } },
  },
  'GET /utilities/charge-runs/:id/statement.xlsx': {
    summary: 'The statement of building charges as an Excel workbook',
    tag: CHARGING,
    response: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      schema: { type: 'string', contentEncoding: 'binary' },
    },
  },
  'GET /utilities/charge-runs/:id/documents.zip': {
    summary: "A finalized run's invoice PDFs as one ZIP, one file per invoice named by its number",
    description:
      'Streamed as it is made. A number two issuers share is named with its billing point too (`2026-000022-LS1-01.pdf`). A run that is not finalized (draft, void …) is 409.',
    tag: CHARGING,
    response: { contentType: 'application/zip', schema: { type: 'string', contentEncoding: 'binary' } },
    errors: [409],
  },
  'GET /utilities/charge-runs/:id': {
    summary: 'A charge run with its exceptions',
    tag: CHARGING,
    description:
      'Each exception has a `kind`, an English `message`, and a stable `code` with named `params` to word it in another language (src/charging/exception-codes.ts lists the codes: `…Date` params are calendar days, `…Time` instants shown in `params.timeZone`, `…Value` decimals).',
  },
  'POST /utilities/charge-runs/:id/finalize': {
    summary: 'Finalize a draft run: its invoices become immutable and the period is locked',
    tag: CHARGING,
    errors: [409],
  },
  'POST /utilities/charge-runs/:id/void': {
    summary:
      "Void a run (kept as history); a finalized run's invoices each get a credit note of what is left of them",
    description:
      "A draft run's invoices become void. A finalized run's invoices keep their numbers and are marked void, each with a credit note (credit-note sequence, reason \"Charge run voided\" in the party's language) of what its earlier credit notes left; `meta.creditNotes` counts them. Voiding twice is 409.",
    tag: CHARGING,
    errors: [409],
  },
  'GET /utilities/invoices': {
    summary: 'Invoices',
    tag: CHARGING,
    query: listQuerySchema,
    filters: { chargeRun: 'documentId of a charge run' },
    response: LIST,
  },
  'GET /utilities/invoices/:id': { summary: 'An invoice with its lines', tag: CHARGING },
  'PUT /utilities/invoices/:id': {
    summary: "Change a draft invoice's note",
    tag: CHARGING,
    body: invoiceNoteSchema,
    bodyExample: { note: 'Meter replaced on 12 March' },
    errors: [409],
  },

  // Billing documents
  'GET /utilities/invoices/:id/document.pdf': {
    summary:
      "A finalized invoice's PDF in the party's language, with the Swiss QR-bill when it can carry one",
    tag: DOCUMENTS,
    filters: { download: '1: offered as a download (Content-Disposition attachment) instead of inline' },
    response: PDF,
    errors: [409],
  },
  'POST /utilities/invoices/:id/credit-notes': {
    summary:
      'Issue a credit note of a finalized invoice: all of it, chosen lines whole, or a quantity or amount of a line (never more than remains uncredited)',
    tag: DOCUMENTS,
    body: creditNoteRequestSchema,
    bodyExample: {
      requestId: '6f1c2e0a-credit-1',
      reason: 'Zähler falsch abgelesen',
      lines: [
        { line: 0, quantity: '10' },
        { line: 2, amount: '5.05' },
      ],
    },
    response: { status: 201 },
    errors: [404, 409],
  },
  'GET /utilities/credit-notes': {
    summary: 'Credit notes, newest first',
    tag: DOCUMENTS,
    query: listQuerySchema,
    filters: { invoice: 'documentId of an invoice', party: 'documentId of a party' },
    response: LIST,
  },
  'GET /utilities/credit-notes/:id': { summary: 'A credit note with its lines and totals', tag: DOCUMENTS },
  'GET /utilities/credit-notes/:id/document.pdf': {
    summary: "A credit note's PDF in the party's language (no payment part)",
    tag: DOCUMENTS,
    filters: { download: '1: offered as a download (Content-Disposition attachment) instead of inline' },
    response: PDF,
  },
  'GET /utilities/parties/:id/statement': {
    summary:
      "A party's statement: its finalized invoices and credit notes with the running balance per currency",
    tag: DOCUMENTS,
  },
  'GET /utilities/document-settings': {
    summary: 'The issuer of billing documents and the buildings with their own',
    tag: DOCUMENTS,
  },
  'PUT /utilities/document-settings': {
    summary:
      'Replace the default issuer (name, address, VAT number, logo, IBAN, terms, footer, language, number patterns)',
    tag: DOCUMENTS,
    body: issuerSettingsSchema,
    bodyExample: {
      name: 'Immo Seefeld AG',
      address: {
        street: 'Seefeldstrasse',
        buildingNumber: '12',
        postalCode: '8008',
        town: 'Zürich',
        country: 'CH',
      },
      vatNumber: 'CHE-123.456.789 MWST',
      logoFileId: 7,
      iban: 'CH44 3199 9123 0008 8901 2',
      paymentTermsDays: 30,
      footer: 'Questions: billing@immo-seefeld.example',
      defaultLanguage: 'de',
      invoiceNumberPattern: '{YYYY}-{SEQ:6}',
      creditNoteNumberPattern: 'GS-{YYYY}-{SEQ:6}',
    },
  },
  'GET /utilities/document-settings/buildings/:id': {
    summary: "A building's own issuer (all fields null: it uses the default)",
    tag: DOCUMENTS,
  },
  'PUT /utilities/document-settings/buildings/:id': {
    summary:
      "Replace a building's own issuer; its empty fields fall back to the default, its numbers run in their own sequence",
    tag: DOCUMENTS,
    body: issuerSettingsSchema,
  },
  'GET /utilities/document-settings/email': {
    summary: 'How invoices are e-mailed (SMTP server, sender); the password only as passwordSet',
    tag: DOCUMENTS,
  },
  'PUT /utilities/document-settings/email': {
    summary:
      'Replace the e-mail settings; password text replaces the stored one (sealed), null clears it, absent keeps it',
    tag: DOCUMENTS,
    body: emailSettingsSchema,
    bodyExample: {
      enabled: true,
      host: 'smtp.immo-seefeld.example',
      port: 587,
      secure: false,
      requireTls: true,
      user: 'billing@immo-seefeld.example',
      password: 'app-password',
      fromAddress: 'rechnungen@immo-seefeld.example',
      fromName: 'Immo Seefeld AG',
      replyTo: 'verwaltung@immo-seefeld.example',
      sendOnFinalize: true,
    },
  },
  'POST /utilities/invoices/:id/send': {
    summary:
      "E-mail (or resend) a finalized invoice's PDF to its party now; answers the delivery (sent, failed with the reason, no-address)",
    tag: DOCUMENTS,
    errors: [404, 409],
  },
  'POST /utilities/charge-runs/:id/send': {
    summary:
      "Queue the e-mails of a finalized run's invoices not sent yet (all: every one again); their delivery shows queued until sent",
    tag: DOCUMENTS,
    body: sendRunSchema,
    bodyExample: { all: false },
    response: { status: 202 },
    errors: [404, 409],
  },
  'DELETE /utilities/document-settings/buildings/:id': {
    summary: 'The building goes back to the default issuer',
    tag: DOCUMENTS,
    response: { status: 204, description: 'Removed' },
  },

  // Usage records (admin)
  'GET /utilities/usage-records': {
    summary: 'Usage records, filtered and paged',
    tag: USAGE,
    query: listQuerySchema,
    filters: {
      device: 'deviceId',
      eGroup: 'event group',
      eId: 'event id',
      eventRef: 'event reference',
      badge: 'RFID UID',
      source: 'api, batch or upload',
      from: 'instant or date',
      to: 'instant or date',
    },
    response: LIST,
  },
  'POST /utilities/usage-records/import': {
    summary: 'Upload a spreadsheet of usage records (.xlsx first sheet, or .csv)',
    tag: USAGE,
    multipart: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', contentMediaType: 'application/octet-stream', description: '.xlsx or .csv' },
        eGroup: { type: 'string', description: 'for every row without one' },
        eId: { type: 'string', description: 'for every row without one' },
        deviceId: { type: 'string', description: 'for every row without one' },
      },
    },
    response: { status: 201, description: "The upload's ingestion log with its counts" },
    errors: [413],
  },
  'GET /utilities/usage-records/imports/:id/rows': {
    summary: 'The row outcomes of one upload',
    tag: USAGE,
    query: listQuerySchema,
    filters: { outcome: 'created, duplicate or rejected' },
    params: { id: "documentId of the upload's ingestion log" },
    response: LIST,
  },

  // Members (admin)
  'GET /utilities/property-claims': {
    summary: 'Property claims filed by members',
    tag: MEMBERS,
    query: listQuerySchema,
    filters: { status: 'one or more of pending, approved, rejected (comma-separated)' },
    response: LIST,
  },
  'POST /utilities/property-claims/:id/approve': {
    summary: 'Approve a claim',
    tag: MEMBERS,
    body: decisionSchema,
    errors: [409],
  },
  'POST /utilities/property-claims/:id/reject': {
    summary: 'Reject a claim (or revoke an approved one)',
    tag: MEMBERS,
    body: decisionSchema,
    bodyExample: { note: 'Not the tenant of this apartment' },
    errors: [409],
  },
  'GET /utilities/members': {
    summary: 'Members with their claims',
    tag: MEMBERS,
    query: listQuerySchema,
    response: LIST,
  },
  'GET /utilities/members/:userId/utility-links': {
    summary: "Why each candidate device is or isn't visible to a member",
    tag: MEMBERS,
    params: { userId: 'the users-permissions user id (a positive whole number)' },
  },

  // Meter data validation (VEE)
  'GET /utilities/validation/settings': {
    summary: 'The validation rules’ overrides per utility type, device type and device',
    tag: VALIDATION,
  },
  'PUT /utilities/validation/settings': {
    summary: 'Replace the validation rules’ overrides',
    tag: VALIDATION,
    body: validationSettingsSchema,
    bodyExample: {
      utilityTypes: { WATER: { spike: { factor: 4 }, 'continuous-flow': { hours: 24 } } },
      devices: { 'WM-000123': { zero: { enabled: false } } },
      suspectInChargeRun: 'block',
    },
  },
  'POST /utilities/validation/runs': {
    summary: 'Run the validation rules over a period (every register, or one meter)',
    tag: VALIDATION,
    body: validationRunSchema,
    bodyExample: { from: '2026-01-01', to: '2026-02-01' },
  },
  'GET /utilities/validation/queue': {
    summary: 'The correction queue: flagged readings, with counts per meter and rule',
    tag: VALIDATION,
    query: listQuerySchema,
    filters: {
      state: 'suspect (default), estimated, edited or accepted',
      rule: 'only readings flagged by this rule',
      meterNumber: 'only this meter',
    },
    response: LIST,
  },
  'GET /utilities/validation/readings/:id': {
    summary: 'One reading: raw and effective value, quality, audit trail and neighbouring reads',
    tag: VALIDATION,
    params: { id: 'the reading id' },
  },
  'POST /utilities/validation/corrections': {
    summary: 'Accept, edit or estimate one reading or a selection',
    tag: VALIDATION,
    description:
      'One reading refused answers 400/404/409 (a reading billed by a finalized run: 409, correct it through a credit note); a selection answers 200 with an outcome per reading.',
    body: correctionSchema,
    bodyExample: { action: 'estimate', readings: [1042], method: 'linear-interpolation' },
    errors: [404, 409],
  },
  'POST /utilities/validation/readings/:id/fill': {
    summary: 'Fill the gap before a reading with estimated reads (one method)',
    tag: VALIDATION,
    description:
      'The reads the meter should have sent between the read before and this one, at its usual rhythm, each estimated and stored as an estimated read (method named); this read is accepted. 409 when there is no gap or a finalized run billed it; 400 when no estimate fits. Undo on this reading removes the filled reads.',
    body: fillSchema,
    bodyExample: { method: 'linear-interpolation' },
    params: { id: 'the reading id after the gap' },
    errors: [400, 404, 409],
  },
  'POST /utilities/validation/readings/:id/undo': {
    summary: 'Undo the latest accept, edit, estimate or gap fill of a reading',
    tag: VALIDATION,
    body: undoSchema,
    params: { id: 'the reading id' },
    errors: [409],
  },

  // Content API: devices
  ...Object.fromEntries(
    (['GET', 'PUT', 'POST'] as const).flatMap((m) => [
      [`${m} /api/utilities/usage-records/:eGroup/:eId/:deviceId`, ingestSingle(m)],
      [`${m} /api/utilities/usage-records/:eGroup/:eId`, ingestPartial(m, 'deviceId')],
      [`${m} /api/utilities/usage-records/:eGroup`, ingestPartial(m, 'eId and deviceId')],
    ]),
  ),
  'POST /api/utilities/usage-records': {
    summary: 'Record a batch of usage records',
    tag: DEVICES_API,
    description:
      'At most `usage.maxBatch` records (1,000 by default; more → 413). Valid records are stored even when others are rejected; each gets an outcome.',
    body: usageBatchSchema,
    bodyExample: usageRecordExamples.batch,
    response: { description: 'One outcome per record', example: usageRecordExamples.batchAnswer },
    errors: [413],
  },
  'GET /api/utilities/usage-records': {
    summary: 'Record one usage record, every field (eGroup, eId, deviceId too) in the query',
    tag: DEVICES_API,
    filters: {
      eGroup: 'event group',
      eId: 'event id',
      deviceId: 'device',
      ...usageRecordExamples.queryFields,
    },
    response: {
      status: 201,
      description: 'Stored (200 with meta.duplicate for a repeat)',
      example: usageRecordExamples.created,
    },
  },
  'PUT /api/utilities/usage-records': {
    summary: 'Record one usage record, every field in the body (or query)',
    tag: DEVICES_API,
    body: usageRecordFieldsSchema,
    bodyExample: { eGroup: 'test', eId: '1', deviceId: 'mydevice', ref: 'firsttry', intcounter: 6789 },
    response: {
      status: 201,
      description: 'Stored (200 with meta.duplicate for a repeat)',
      example: usageRecordExamples.created,
    },
    errors: [413],
  },

  // Content API: residents
  'GET /api/utilities/me/utilities': {
    summary: 'The utilities (devices) of the places I have an approved claim on',
    tag: RESIDENTS_API,
  },
  'GET /api/utilities/me/utilities/:id/readings': {
    summary: 'Readings of one of my utilities',
    tag: RESIDENTS_API,
    filters: { from: 'instant or date', to: 'instant or date' },
    params: { id: 'documentId of the device, as /me/utilities lists it' },
  },
  'GET /api/utilities/me/consumption': {
    summary: 'My consumption per utility, per day or month',
    tag: RESIDENTS_API,
    filters: { utility: 'documentId of one of my utilities', ...CONSUMPTION_QUERY },
  },
  'GET /api/utilities/me/invoices': {
    summary: 'My issued invoices (finalized, or void since their run was voided, with a credit note)',
    tag: RESIDENTS_API,
  },
  'GET /api/utilities/me/invoices/:id/document.pdf': {
    summary: "The PDF of one of my issued invoices, in my party's language",
    tag: RESIDENTS_API,
    params: { id: 'documentId of the invoice, as /me/invoices lists it' },
    response: PDF,
    errors: [404],
  },
  'GET /api/utilities/me/credit-notes': {
    summary: 'Credit notes of my invoices, newest first, each with the invoice it corrects',
    tag: RESIDENTS_API,
  },
  'GET /api/utilities/me/credit-notes/:id/document.pdf': {
    summary: "The PDF of one of my credit notes, in my party's language",
    tag: RESIDENTS_API,
    params: { id: 'documentId of the credit note, as /me/credit-notes lists it' },
    response: PDF,
    errors: [404],
  },
  'GET /api/utilities/me/claims': { summary: 'My property claims', tag: RESIDENTS_API },
  'GET /api/utilities/me/notices': {
    summary: 'Leak and zero-consumption notices on my meters (not dismissed; ?dismissed=true for all)',
    tag: RESIDENTS_API,
    filters: { dismissed: 'true: also the notices I dismissed' },
  },
  'POST /api/utilities/me/notices/:id/dismiss': {
    summary: 'Dismiss one of my notices (again: no change)',
    tag: RESIDENTS_API,
    params: { id: 'the notice id, as /me/notices lists it' },
    errors: [404],
  },
  'POST /api/utilities/me/claims': {
    summary: 'File a claim on a billing point (starts pending)',
    tag: RESIDENTS_API,
    body: claimCreateSchema,
    bodyExample: { billingPoint: 'b1c2d3e4f5g6h7i8j9k0l1m2', note: 'I moved in on 1 April' },
    response: { status: 201 },
    errors: [404, 409],
  },
};
