/**
 * The vocabulary of a usage record: the canonical field names used in code and in
 * the database (DESIGN §4) and every spelling a sender may use for them.
 *
 * The usage-charging guide writes field names in several ways — `ref` in the quick
 * start URL, `EventRef` in the spreadsheet header, `IntCounter`/`Int`, `Dt`/`DtDevice`
 * — and devices send them in whatever case their firmware author liked. Names are
 * therefore matched case-insensitively against this one table, shared by the REST
 * parser and the spreadsheet header reader, so both accept exactly the same names.
 */
export const USAGE_FIELDS = [
  'eGroup',
  'eId',
  'deviceId',
  'eventRef',
  'dtu',
  'dt',
  'srcIp',
  'intCounter',
  'intCounter2',
  'intCounter3',
  'intCounter4',
  'intCounter5',
  'temperature',
  'eventData',
  'badge',
] as const;

export type UsageField = (typeof USAGE_FIELDS)[number];

export const COUNTER_FIELDS = [
  'intCounter',
  'intCounter2',
  'intCounter3',
  'intCounter4',
  'intCounter5',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** The fields that together say *what* happened and *where*: a record without them is meaningless. */
export const REQUIRED_FIELDS = ['eGroup', 'eId', 'deviceId'] as const;

/** Lower-cased accepted name → canonical field. The first name listed for a field is the one shown to people. */
const ALIASES: ReadonlyArray<readonly [string, UsageField]> = [
  ['egroup', 'eGroup'],
  ['eid', 'eId'],
  ['deviceid', 'deviceId'],
  ['ref', 'eventRef'],
  ['eventref', 'eventRef'],
  ['dtu', 'dtu'],
  ['dt', 'dt'],
  ['dtdevice', 'dt'],
  ['srcip', 'srcIp'],
  ['intcounter', 'intCounter'],
  ['int', 'intCounter'],
  ['intcounter2', 'intCounter2'],
  ['intcounter3', 'intCounter3'],
  ['intcounter4', 'intCounter4'],
  ['intcounter5', 'intCounter5'],
  ['temperature', 'temperature'],
  ['eventdataj', 'eventData'],
  ['badge', 'badge'],
];

const BY_NAME = new Map<string, UsageField>(ALIASES);

/** The names a sender may use, for error messages ("accepted fields are …"). */
export const ACCEPTED_FIELD_NAMES: readonly string[] = ALIASES.map(([name]) => name);

/**
 * The canonical field for a name sent by a device (`REF`, `IntCounter`, `dtdevice`),
 * or undefined when the name is not a usage-record field. Only case is ignored: an
 * API field name is a key, and guessing at typos would hide bugs in the sender.
 */
export function usageFieldForName(name: string): UsageField | undefined {
  // The spellings seen so far, as sent: a batch repeats the same few names a thousand times.
  const seen = SEEN_NAMES.get(name);
  if (seen !== undefined) return seen ?? undefined;
  const field = BY_NAME.get(name.toLowerCase());
  if (SEEN_NAMES.size >= SEEN_NAMES_KEPT) SEEN_NAMES.clear();
  SEEN_NAMES.set(name, field ?? null);
  return field;
}

/** Names as sent → their field (null: not a field); bounded, as names are the sender's to choose. */
const SEEN_NAMES = new Map<string, UsageField | null>();
const SEEN_NAMES_KEPT = 256;

/**
 * The canonical field for a spreadsheet column header. Headers are typed by people,
 * so besides case this also ignores surrounding whitespace and the spaces, underscores
 * and hyphens people put between words ("Device Id", "INT_COUNTER_2", "Event-Ref").
 */
export function usageFieldForHeader(header: string): UsageField | undefined {
  return BY_NAME.get(
    header
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ''),
  );
}

/** The accepted names as a person reads them, for "unknown field" messages. */
export const ACCEPTED_FIELDS_TEXT =
  'eGroup, eId, deviceId, ref (or eventRef), dtu, dt (or dtDevice), srcIp, intCounter (or int), ' +
  'intCounter2 … intCounter5, temperature, eventDataJ, badge (names are not case-sensitive)';
