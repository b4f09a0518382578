import {
  accept,
  characterCount,
  firstUnprintable,
  kindOf,
  refuse,
  shown,
  type FieldResult,
} from './field-value';

/**
 * The text keys of a usage record: eGroup, eId, deviceId and the event reference.
 *
 * Limits are counted in characters, as PostgreSQL `varchar(n)` and MySQL utf8mb4
 * columns count them. They also keep the unique index (deviceId, eGroup, eId,
 * eventRef) within MySQL/InnoDB's 3072-byte key limit: (64 × 3 + 128) × 4 bytes = 1280.
 */
export const ID_MAX_LENGTH = 64;
export const EVENT_REF_MAX_LENGTH = 128;

type TextRule = { required: boolean; max: number };

/**
 * Reads one identifier. Whitespace at either end is removed: it is never meaningful
 * in an id, and spreadsheets and hand-typed URLs add it; keeping it would make
 * "dev1 " and "dev1" two devices. Inner spaces are kept. A JSON number that is a
 * safe integer is accepted as its decimal text (`"eId": 1` means "1").
 */
export function readIdentifier(value: unknown, rule: TextRule): FieldResult<string | null> {
  if (value === undefined || value === null) return rule.required ? refuse('is required') : accept(null);
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else if (typeof value === 'bigint') text = value.toString();
  else if (Array.isArray(value))
    return refuse('must be a single value, not a list (was it given more than once?)');
  else return refuse(`must be text, not ${kindOf(value)}`);

  if (text === '')
    return rule.required
      ? refuse('is required (it is empty)')
      : refuse('is empty; leave the field out when there is no value');
  const bad = firstUnprintable(text);
  if (bad)
    return refuse(
      `contains a control or invisible character (${bad}); only printable characters are allowed`,
    );
  const length = characterCount(text);
  if (length > rule.max) return refuse(`is too long: ${length} characters, at most ${rule.max} are allowed`);
  return accept(text);
}

/**
 * eGroup: the guide requires it to start with a letter A–Z and reserves values that
 * start with a digit to the system (Fieldpine's own groups). Lower-case letters are
 * letters too — the guide's quick start posts to group "test".
 */
export function readEventGroup(value: unknown): FieldResult<string> {
  const text = readIdentifier(value, { required: true, max: ID_MAX_LENGTH });
  if (!text.ok) return text;
  const group = text.value as string;
  const first = group[0];
  if (/[0-9]/.test(first)) {
    return refuse(
      `must start with a letter (A–Z): values starting with a digit are reserved to the system (got ${shown(group)})`,
    );
  }
  if (!/[A-Za-z]/.test(first)) return refuse(`must start with a letter (A–Z) (got ${shown(group)})`);
  return accept(group);
}
