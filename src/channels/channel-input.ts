import { z } from 'zod';
import { isPrintable } from '../common/identifiers';
import { CODE_IMMUTABLE_MESSAGE, codeSchema } from '../catalog/code';
import { invalidField } from '../common/errors';
import { parseInput } from '../common/validate';
import { cronProblem } from './schedule';

/**
 * The base fields of a channel as an admin request sends them (DESIGN §4/§5). The
 * handler-specific `config` is passed through untouched: only the handler's schema can
 * judge it (see validateHandlerConfig), and its secrets must first be merged with the
 * stored ones (mergeSecrets).
 */
export type ChannelBase = {
  code: string;
  name: string;
  handler: string;
  active: boolean;
  production: boolean;
  displayOrder: number;
  /** Cron expression; null = pulled manually only. */
  schedule: string | null;
};

export const HANDLER_IMMUTABLE_MESSAGE = "The handler can't be changed once the channel is created";

/** Schedules firing more often than this are refused: a pull every few seconds is a mistake, not a need. */
export const MIN_SCHEDULE_INTERVAL_SECONDS = 60;

export type ChannelInputOptions = {
  /** IANA zone the schedule is read in (the plugin's defaultTimezone). */
  timezone?: string;
};

const name = z
  .string({ error: 'Name is required and must be text' })
  .trim()
  .min(1, { error: 'Name is required' })
  .max(255, { error: 'Name must be at most 255 characters' })
  .refine(isPrintable, { error: 'Name may not contain control or invisible characters' });

const handler = z
  .string({ error: 'Handler is required and must be a handler id (text)' })
  .min(1, { error: 'Handler is required' })
  .max(64, { error: 'Handler must be at most 64 characters' })
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'Handler must be a handler id such as sftp or local-folder' });

const displayOrder = z
  .number({ error: 'Display order must be a whole number' })
  .int({ error: 'Display order must be a whole number' })
  .min(-1_000_000, { error: 'Display order must be at least -1000000' })
  .max(1_000_000, { error: 'Display order must be at most 1000000' });

const schedule = z.string({ error: 'Schedule must be a cron expression (text) or empty' }).nullable();

const fields = {
  code: codeSchema,
  name,
  handler,
  active: z.boolean({ error: 'Active must be true or false' }).optional(),
  production: z.boolean({ error: 'Production must be true or false' }).optional(),
  displayOrder: displayOrder.optional(),
  schedule: schedule.optional(),
  config: z.unknown().optional(),
};

const createSchema = z.strictObject(fields, { error: 'The request body must be a JSON object' });
const updateSchema = z.strictObject(
  { ...fields, code: codeSchema.optional(), name: name.optional(), handler: handler.optional() },
  { error: 'The request body must be a JSON object' },
);

/** "" and null mean "no schedule"; anything else must be a cron expression croner accepts. */
function parseSchedule(value: string | null | undefined, options: ChannelInputOptions): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const problem = cronProblem(value, {
    timezone: options.timezone,
    minIntervalSeconds: MIN_SCHEDULE_INTERVAL_SECONDS,
  });
  if (problem) throw invalidField('schedule', problem);
  return value.trim();
}

export type ParsedChannelCreate = { base: ChannelBase; config: unknown };

export function parseChannelCreate(body: unknown, options: ChannelInputOptions = {}): ParsedChannelCreate {
  const parsed = parseInput(createSchema, body);
  return {
    base: {
      code: parsed.code,
      name: parsed.name,
      handler: parsed.handler,
      active: parsed.active ?? true,
      production: parsed.production ?? false,
      displayOrder: parsed.displayOrder ?? 0,
      schedule: parseSchedule(parsed.schedule, options),
    },
    config: parsed.config ?? {},
  };
}

export type ParsedChannelUpdate = {
  patch: Partial<Omit<ChannelBase, 'code' | 'handler'>>;
  /** Present only when the body carries `config` (a whole replacement; secrets may be the mask). */
  config?: unknown;
  hasConfig: boolean;
};

/**
 * An update is partial: only the fields sent change. Code and handler may be sent (a
 * form sends the whole record) but only with their stored values.
 */
export function parseChannelUpdate(
  body: unknown,
  stored: { code: string; handler: string },
  options: ChannelInputOptions = {},
): ParsedChannelUpdate {
  const parsed = parseInput(updateSchema, body);
  if (parsed.code !== undefined && parsed.code !== stored.code)
    throw invalidField('code', CODE_IMMUTABLE_MESSAGE);
  if (parsed.handler !== undefined && parsed.handler !== stored.handler)
    throw invalidField('handler', HANDLER_IMMUTABLE_MESSAGE);
  const patch: ParsedChannelUpdate['patch'] = {};
  if (parsed.name !== undefined) patch.name = parsed.name;
  if (parsed.active !== undefined) patch.active = parsed.active;
  if (parsed.production !== undefined) patch.production = parsed.production;
  if (parsed.displayOrder !== undefined) patch.displayOrder = parsed.displayOrder;
  if (parsed.schedule !== undefined) patch.schedule = parseSchedule(parsed.schedule, options);
  const hasConfig = Object.hasOwn(parsed, 'config');
  return { patch, hasConfig, ...(hasConfig ? { config: parsed.config ?? {} } : {}) };
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as channelCreateSchema, updateSchema as channelUpdateSchema };
