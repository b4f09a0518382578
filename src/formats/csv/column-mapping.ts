/**
 * Which CSV column holds what. A column is named by its header ("Meter Number")
 * or by its 1-based position (3, or the text "3"). Header names are compared
 * loosely: case, spaces, underscores, dashes and dots do not matter, so
 * "Meter Number", "meter_number" and "METER-NUMBER" are the same column. A name
 * made only of digits is read as a position.
 */
export type ColumnRef = string | number;

export interface ColumnMapping {
  meterNumber: ColumnRef;
  /** Either a register column or a fixed register for every row. */
  register: { column: ColumnRef } | { fixed: string };
  /** Either one timestamp column, or a date column with an optional time column. */
  timestamp: { column: ColumnRef } | { date: ColumnRef; time?: ColumnRef };
  value: ColumnRef;
  /** Optional columns; `auto` = used when the header has a column of that name. */
  unit?: ColumnRef;
  quality?: ColumnRef;
}

export const DEFAULT_COLUMN_NAMES = {
  meterNumber: 'meter_number',
  register: 'register',
  timestamp: 'timestamp',
  value: 'value',
  unit: 'unit',
  quality: 'quality',
} as const;

/** 0-based indexes into a record; null when the mapping does not use the column. */
export interface ResolvedColumns {
  meterNumber: number;
  register: number | null;
  fixedRegister: string | null;
  timestamp: number | null;
  date: number | null;
  time: number | null;
  value: number;
  unit: number | null;
  quality: number | null;
  /** A row needs at least this many fields to hold every required column (unit and quality are optional). */
  minWidth: number;
  /** Human labels per index, for messages ("column 3 (value)"). */
  labels: Map<number, string>;
}

export type ResolveResult = { ok: true; columns: ResolvedColumns } | { ok: false; error: string };

const LABELS = {
  meterNumber: 'meter number',
  register: 'register',
  timestamp: 'timestamp',
  date: 'date',
  time: 'time',
  value: 'value',
  unit: 'unit',
  quality: 'quality',
} as const;
type Role = keyof typeof LABELS;

export function normalizeHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}

/** The 0-based index of a positional reference, or null for a header name. */
export function columnPosition(ref: ColumnRef): number | null {
  if (typeof ref === 'number') return ref - 1;
  const trimmed = ref.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) - 1 : null;
}

/**
 * Resolves a mapping against the header row (or against nothing, for files
 * without a header: then every column must be a position). Missing or doubled
 * header names make the whole file unreadable, so they come back as one error
 * listing what was expected and what was found.
 */
export function resolveColumns(mapping: ColumnMapping, header: string[] | null): ResolveResult {
  const wanted: [Role, ColumnRef][] = [['meterNumber', mapping.meterNumber]];
  if ('column' in mapping.register) wanted.push(['register', mapping.register.column]);
  if ('column' in mapping.timestamp) wanted.push(['timestamp', mapping.timestamp.column]);
  else {
    wanted.push(['date', mapping.timestamp.date]);
    if (mapping.timestamp.time !== undefined) wanted.push(['time', mapping.timestamp.time]);
  }
  wanted.push(['value', mapping.value]);
  if (mapping.unit !== undefined) wanted.push(['unit', mapping.unit]);
  if (mapping.quality !== undefined) wanted.push(['quality', mapping.quality]);

  const byName = new Map<string, number[]>();
  header?.forEach((name, index) => {
    const key = normalizeHeaderName(name);
    if (key === '') return;
    byName.set(key, [...(byName.get(key) ?? []), index]);
  });

  const indexes: Partial<Record<Role, number>> = {};
  const missing: string[] = [];
  for (const [role, ref] of wanted) {
    const position = columnPosition(ref);
    if (position !== null) {
      if (position < 0)
        return {
          ok: false,
          error: `Column numbers start at 1 (the ${LABELS[role]} column is set to ${ref})`,
        };
      if (header && position >= header.length) {
        return {
          ok: false,
          error: `The ${LABELS[role]} column is set to column ${position + 1}, but the header row has only ${header.length} column${header.length === 1 ? '' : 's'}: ${quoteList(header)}`,
        };
      }
      indexes[role] = position;
      continue;
    }
    if (!header) {
      return {
        ok: false,
        error: `The file has no header row, so the ${LABELS[role]} column must be a column number, not "${ref}"`,
      };
    }
    const found = byName.get(normalizeHeaderName(String(ref)));
    if (!found) {
      missing.push(String(ref));
      continue;
    }
    if (found.length > 1) {
      return {
        ok: false,
        error: `The header row has ${found.length} columns named "${ref}" (columns ${found.map((i) => i + 1).join(' and ')}); rename one or map the ${LABELS[role]} column by number`,
      };
    }
    indexes[role] = found[0];
  }

  if (missing.length > 0 && header) {
    return {
      ok: false,
      error:
        `The header row does not have the columns this channel expects. ` +
        `Missing: ${missing.map((m) => `"${m}"`).join(', ')}. ` +
        `Expected: ${wanted.map(([, ref]) => (typeof ref === 'number' ? `column ${ref}` : `"${ref}"`)).join(', ')}. ` +
        `Found: ${quoteList(header)}`,
    };
  }

  // The optional unit/quality columns are picked up by their default name when not mapped.
  if (header) {
    for (const role of ['unit', 'quality'] as const) {
      if (mapping[role] !== undefined) continue;
      const found = byName.get(normalizeHeaderName(DEFAULT_COLUMN_NAMES[role]));
      if (found?.length === 1) indexes[role] = found[0];
    }
  }

  const labels = new Map<number, string>();
  for (const [role, index] of Object.entries(indexes) as [Role, number][]) labels.set(index, LABELS[role]);
  // Unit and quality may be missing from a short row (exporters drop trailing empty fields).
  const required = (Object.entries(indexes) as [Role, number][]).filter(
    ([role]) => role !== 'unit' && role !== 'quality',
  );
  return {
    ok: true,
    columns: {
      meterNumber: indexes.meterNumber!,
      register: indexes.register ?? null,
      fixedRegister: 'fixed' in mapping.register ? mapping.register.fixed : null,
      timestamp: indexes.timestamp ?? null,
      date: indexes.date ?? null,
      time: indexes.time ?? null,
      value: indexes.value!,
      unit: indexes.unit ?? null,
      quality: indexes.quality ?? null,
      minWidth: Math.max(...required.map(([, index]) => index)) + 1,
      labels,
    },
  };
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 30).map((n) => `"${n.length > 60 ? `${n.slice(0, 57)}…` : n}"`);
  return shown.join(', ') + (names.length > 30 ? `, … (${names.length} columns)` : '');
}
