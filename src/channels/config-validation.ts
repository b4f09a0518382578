import { invalid, type FieldProblem } from '../common/errors';
import { normalizeConfigPath } from './config-path';
import type {
  ChannelConfig,
  ChannelHandler,
  ConfigField,
  ConfigScalar,
  ConfigSchema,
  VisibleWhen,
} from './handler';
import { cronProblem } from './schedule';
import { isMask } from './secret-config';
import { isSealed } from './secret-sealing';

/**
 * Validates a channel's config against its handler's field schema, once, at the boundary:
 *
 * - unknown keys are refused (a typo must not be silently ignored);
 * - a field hidden by `visibleWhen` is dropped, never required, never type-checked;
 * - an absent visible field gets its default; "" and null count as absent;
 * - required (and, on production channels, requiredInProduction) fields must be present;
 * - values are type-checked, selects checked against their options, numbers against
 *   their range, cron expressions parsed with croner, paths normalised;
 * - secrets must already be merged (see mergeSecrets): a mask here is a caller bug.
 *
 * All problems are reported together, each with path ['config', key].
 */

export type ValidateConfigOptions = { production?: boolean };

const DEFAULT_STRING_MAX = 255;
const DEFAULT_TEXT_MAX = 10_000;
const DEFAULT_SECRET_MAX = 16_384;

export function validateChannelConfig(
  schema: ConfigSchema,
  input: unknown,
  options: ValidateConfigOptions = {},
): ChannelConfig {
  const { config, problems } = checkFields(schema, input, options);
  throwIfAny(problems);
  return config;
}

/** Field validation plus the handler's own cross-field rules. */
export function validateHandlerConfig(
  handler: ChannelHandler,
  input: unknown,
  options: ValidateConfigOptions = {},
): ChannelConfig {
  const config = validateChannelConfig(handler.configSchema, input, options);
  const problems = handler.checkConfig?.(config, { production: options.production ?? false }) ?? [];
  throwIfAny(problems);
  return config;
}

/** Is the field shown, given the values decided so far? */
export function isFieldVisible(
  field: ConfigField,
  values: Readonly<Record<string, unknown>>,
  shown: ReadonlySet<string>,
): boolean {
  const conditions: VisibleWhen[] =
    field.visibleWhen === undefined
      ? []
      : Array.isArray(field.visibleWhen)
        ? field.visibleWhen
        : [field.visibleWhen];
  // A field controlled by a hidden field is hidden too (moveToFolder under a hidden afterProcessing).
  return conditions.every((c) => shown.has(c.field) && c.equals.some((v) => v === values[c.field]));
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const first = problems[0];
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw invalid(`${first.path.join('.')}: ${first.message}${more}`, problems);
}

function checkFields(
  schema: ConfigSchema,
  input: unknown,
  options: ValidateConfigOptions,
): { config: ChannelConfig; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const config: ChannelConfig = {};
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return {
      config,
      problems: [{ path: ['config'], message: 'The configuration must be an object of field values' }],
    };
  }
  const given = input as Record<string, unknown>;
  const known = new Set(schema.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push({ path: ['config', key], message: `Unknown field "${key}"` });
  }

  const shown = new Set<string>();
  for (const field of schema) {
    if (!isFieldVisible(field, config, shown)) continue;
    shown.add(field.key);
    const raw = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
    const absent =
      raw === undefined ||
      raw === null ||
      (typeof raw === 'string' && raw.trim() === '' && field.type !== 'secret') ||
      raw === '';
    const problem = (message: string) =>
      problems.push({ path: ['config', field.key], message: `${field.label} ${message}` });

    if (absent) {
      const fallback = 'default' in field ? field.default : undefined;
      if (fallback !== undefined) {
        config[field.key] = fallback;
      } else if (field.required || (field.requiredInProduction && options.production)) {
        problem(field.required ? 'is required' : 'is required for a production channel');
      }
      continue;
    }
    const result = checkValue(field, raw);
    if (typeof result === 'object' && result !== null && 'problem' in result) {
      problem(result.problem);
      continue;
    }
    const value = result;
    const extra = field.check?.(value) ?? null;
    if (extra) {
      problem(extra);
      continue;
    }
    config[field.key] = value;
  }
  return { config, problems };
}

type Checked = ConfigScalar | { problem: string };

function checkValue(field: ConfigField, raw: unknown): Checked {
  switch (field.type) {
    case 'string': {
      if (typeof raw !== 'string') return { problem: 'must be text' };
      const value = raw.trim();
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point: the class names them
      if (/[\u0000-\u001f\u007f]/.test(value))
        return { problem: 'must be a single line without control characters' };
      const max = field.maxLength ?? DEFAULT_STRING_MAX;
      return value.length > max ? { problem: `must be at most ${max} characters` } : value;
    }
    case 'text': {
      if (typeof raw !== 'string') return { problem: 'must be text' };
      const max = field.maxLength ?? DEFAULT_TEXT_MAX;
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point: the class names them
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(raw))
        return { problem: 'contains a control character' };
      return raw.length > max ? { problem: `must be at most ${max} characters` } : raw;
    }
    case 'secret': {
      if (typeof raw !== 'string') return { problem: 'must be text' };
      if (isMask(raw)) return { problem: 'was sent masked and has no stored value to keep; enter it again' };
      const max = field.maxLength ?? DEFAULT_SECRET_MAX;
      return !isSealed(raw) && raw.length > max ? { problem: `must be at most ${max} characters` } : raw;
    }
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { problem: 'must be a number' };
      if (field.integer && !Number.isInteger(raw)) return { problem: 'must be a whole number' };
      if (field.min !== undefined && raw < field.min) return { problem: `must be at least ${field.min}` };
      if (field.max !== undefined && raw > field.max) return { problem: `must be at most ${field.max}` };
      return raw;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : { problem: 'must be true or false' };
    case 'select': {
      const allowed = field.options.map((o) => o.value);
      if (typeof raw !== 'string' || !allowed.includes(raw)) {
        return { problem: `must be one of: ${allowed.map((v) => `"${v}"`).join(', ')}` };
      }
      return raw;
    }
    case 'cron': {
      if (typeof raw !== 'string') return { problem: 'must be a cron expression (text)' };
      const message = cronProblem(raw);
      return message ? { problem: `is invalid: ${message}` } : raw.trim();
    }
    case 'path': {
      if (typeof raw !== 'string') return { problem: 'must be a path (text)' };
      const result = normalizeConfigPath(raw, { absolute: field.absolute });
      return result.ok ? result.path : { problem: result.message };
    }
  }
}
