import { invalid, type FieldProblem } from '../common/errors';
import type { ChannelConfig, ConfigSchema, SecretField } from './handler';
import { isSealed, open, seal, type Keyring } from './secret-sealing';

/**
 * Secrets in a channel config are write-only: a response shows SECRET_MASK in their place,
 * and the admin form sends the mask back untouched when the user did not retype them.
 *
 *   incoming value          stored value after save
 *   ----------------------  -----------------------------------
 *   absent or SECRET_MASK   the stored sealed value (unchanged)
 *   "" or null              nothing (the secret is cleared)
 *   any other text          that text, sealed (never trusted as already sealed)
 *
 * A value that merely looks sealed is sealed again like any text: a client must not be
 * able to plant a ciphertext, and the associated data would refuse it anyway.
 */

export const SECRET_MASK = '••••••••';
export const SECRET_MAX_LENGTH = 16_384;

export type SecretScope = { keyring: Keyring; record: string };

export function isMask(value: unknown): boolean {
  return value === SECRET_MASK;
}

/** What a response shows for a secret: the mask when one is stored, nothing when none is. */
export function mask(stored: unknown): string | undefined {
  return stored === undefined || stored === null || stored === '' ? undefined : SECRET_MASK;
}

function secretFields(schema: ConfigSchema): SecretField[] {
  return schema.filter((f): f is SecretField => f.type === 'secret');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Combines what the client sent with what is stored, sealing new secrets. Non-secret keys
 * pass through untouched (unknown keys included) for `validateChannelConfig` to judge.
 */
export function mergeSecrets(
  schema: ConfigSchema,
  incoming: unknown,
  stored: Record<string, unknown> | null | undefined,
  scope: SecretScope,
): Record<string, unknown> {
  if (!isPlainObject(incoming)) return incoming as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...incoming };
  const problems: FieldProblem[] = [];
  for (const field of secretFields(schema)) {
    const value = Object.hasOwn(incoming, field.key) ? incoming[field.key] : undefined;
    const previous = stored?.[field.key];
    if (value === undefined || isMask(value)) {
      const moved = isSealed(previous) ? changedBinding(field, incoming, stored) : null;
      if (moved) {
        problems.push({
          path: ['config', field.key],
          message: `${field.label} must be entered again: the ${moved} changed, and a stored secret never follows a channel to another server or account`,
        });
      } else if (isSealed(previous)) merged[field.key] = previous;
      else delete merged[field.key];
    } else if (value === '' || value === null) {
      delete merged[field.key];
    } else if (typeof value !== 'string') {
      problems.push({ path: ['config', field.key], message: `${field.label} must be text` });
    } else if (value.length > (field.maxLength ?? SECRET_MAX_LENGTH)) {
      problems.push({
        path: ['config', field.key],
        message: `${field.label} must be at most ${field.maxLength ?? SECRET_MAX_LENGTH} characters`,
      });
    } else {
      merged[field.key] = seal(scope.keyring, value, { record: scope.record, field: field.key });
    }
  }
  if (problems.length > 0) throw invalid(`config.${problems[0].path[1]}: ${problems[0].message}`, problems);
  return merged;
}

const scalarText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).trim()
    : '';

/** The first field the secret is bound to whose value the incoming config changes, or null. */
function changedBinding(
  field: SecretField,
  incoming: Record<string, unknown>,
  stored: Record<string, unknown> | null | undefined,
): string | null {
  for (const key of field.boundTo ?? []) {
    if (!Object.hasOwn(incoming, key)) continue;
    const before = scalarText(stored?.[key]);
    const after = scalarText(incoming[key]);
    if (before !== after) return key;
  }
  return null;
}

/** The stored config with secrets opened, for the handler call only — never store or log it. */
export function revealForHandler(
  schema: ConfigSchema,
  stored: ChannelConfig,
  scope: SecretScope,
): ChannelConfig {
  const revealed: ChannelConfig = { ...stored };
  for (const field of secretFields(schema)) {
    const value = stored[field.key];
    if (value === undefined || value === '') continue;
    revealed[field.key] = open(scope.keyring, String(value), { record: scope.record, field: field.key });
  }
  return revealed;
}

/** The stored config as an API response may show it: every set secret replaced by the mask. */
export function redactForResponse(
  schema: ConfigSchema,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...stored };
  for (const field of secretFields(schema)) {
    const masked = mask(shown[field.key]);
    if (masked === undefined) delete shown[field.key];
    else shown[field.key] = masked;
  }
  return shown;
}

/** The plaintext secrets of a revealed config: what `redactSecrets` must scrub from errors. */
export function secretValuesOf(schema: ConfigSchema, revealed: Record<string, unknown>): string[] {
  return secretFields(schema)
    .map((f) => revealed[f.key])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}
