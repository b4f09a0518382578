import { Info, type Zone } from 'luxon';

/**
 * Wall-clock time in an IANA time zone → UTC, with the two daylight-saving traps
 * made explicit instead of silently "fixed":
 *
 * - a GAP (spring forward, e.g. 02:30 on the last Sunday of March in Europe/Zurich)
 *   never happened, so a reading stamped with it is rejected with a reason. Luxon
 *   on its own would quietly move it to 03:30.
 * - an OVERLAP (fall back, 02:30 on the last Sunday of October happens twice) is
 *   ambiguous. The policy decides, the same way for every row: `earlier` (the
 *   first occurrence, still on summer time; the default), `later`, or `reject`.
 *   A file that must tell the two apart has to carry a UTC offset or UTC times.
 *
 * Offsets are looked up per wall-clock minute and cached, because a meter file
 * repeats the same few hundred timestamps for every meter.
 */

export type AmbiguousTimePolicy = 'earlier' | 'later' | 'reject';
export const AMBIGUOUS_TIME_POLICIES = ['earlier', 'later', 'reject'] as const;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** On failure, `error` reads as the end of a sentence whose subject is the timestamp: "… does not exist in Europe/Zurich: …". */
export type UtcResult = { ok: true; epochMs: number } | { ok: false; error: string };

/**
 * An IANA zone ("Europe/Zurich", "Australia/Brisbane"), "UTC", or a fixed offset
 * ("UTC+10"). The server's own zone ("local", "system") is refused: the result
 * must not depend on where the server runs.
 */
export function resolveTimeZone(name: string): Zone | null {
  const trimmed = name.trim();
  if (trimmed === '' || /^(local|system)$/i.test(trimmed)) return null;
  const zone = Info.normalizeZone(trimmed);
  return zone && zone.isValid ? zone : null;
}

export function isValidTimeZone(name: string): boolean {
  return resolveTimeZone(name) !== null;
}

type Resolution =
  | { kind: 'one'; offset: number }
  | { kind: 'gap'; before: number; after: number }
  | { kind: 'two'; earlier: number; later: number };

const MINUTE = 60_000;
const DAY = 86_400_000;
const CACHE_LIMIT = 50_000;

export class LocalTimeConverter {
  private readonly cache = new Map<number, Resolution>();
  private readonly fixedOffset: number | null;

  constructor(
    readonly zone: Zone,
    readonly ambiguous: AmbiguousTimePolicy = 'earlier',
  ) {
    this.fixedOffset = zone.isUniversal ? zone.offset(0) : null;
  }

  toUtc(wall: WallTime): UtcResult {
    const local = Date.UTC(
      wall.year,
      wall.month - 1,
      wall.day,
      wall.hour,
      wall.minute,
      wall.second,
      wall.millisecond,
    );
    if (this.fixedOffset !== null) return { ok: true, epochMs: local - this.fixedOffset * MINUTE };

    const resolution = this.resolve(Math.floor(local / MINUTE) * MINUTE);
    switch (resolution.kind) {
      case 'one':
        return { ok: true, epochMs: local - resolution.offset * MINUTE };
      case 'gap':
        return {
          ok: false,
          error:
            `does not exist in ${this.zone.name}: the clocks skip it when daylight saving time ` +
            `starts (UTC${formatOffset(resolution.before)} → UTC${formatOffset(resolution.after)}). ` +
            'Correct the time, or export timestamps with a UTC offset',
        };
      case 'two':
        if (this.ambiguous === 'reject') {
          return {
            ok: false,
            error:
              `happens twice in ${this.zone.name} (the clocks go back from ` +
              `UTC${formatOffset(resolution.earlier)} to UTC${formatOffset(resolution.later)}). ` +
              'Export timestamps with a UTC offset, or choose how ambiguous times are read',
          };
        }
        return {
          ok: true,
          epochMs: local - (this.ambiguous === 'earlier' ? resolution.earlier : resolution.later) * MINUTE,
        };
    }
  }

  /** Which UTC offsets make this wall-clock minute real. */
  private resolve(localMinute: number): Resolution {
    const cached = this.cache.get(localMinute);
    if (cached) return cached;
    // Every offset in force within a day either side is a candidate; the ones
    // that map the wall time back onto themselves are the real readings of it.
    const candidates = new Set([
      this.zone.offset(localMinute - DAY),
      this.zone.offset(localMinute),
      this.zone.offset(localMinute + DAY),
    ]);
    const valid = [...candidates].filter(
      (offset) => this.zone.offset(localMinute - offset * MINUTE) === offset,
    );
    let resolution: Resolution;
    if (valid.length === 0) {
      resolution = {
        kind: 'gap',
        before: this.zone.offset(localMinute - DAY),
        after: this.zone.offset(localMinute + DAY),
      };
    } else if (valid.length === 1) {
      resolution = { kind: 'one', offset: valid[0] };
    } else {
      // A larger offset means an earlier instant for the same wall time.
      resolution = { kind: 'two', earlier: Math.max(...valid), later: Math.min(...valid) };
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(localMinute, resolution);
    return resolution;
  }
}

export function formatWallTime(wall: WallTime): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  const seconds = wall.second || wall.millisecond ? `:${p(wall.second)}` : '';
  return `${p(wall.year, 4)}-${p(wall.month)}-${p(wall.day)} ${p(wall.hour)}:${p(wall.minute)}${seconds}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(Math.round(abs % 60)).padStart(2, '0')}`;
}

/** Wall-clock fields of a "wall time written as if it were UTC" millisecond count. */
export function wallTimeOf(wallMs: number): WallTime {
  const d = new Date(wallMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}
