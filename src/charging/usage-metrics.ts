import { Dec, ONE, ZERO } from './decimal';
import type { ParsedUsageMetric, ParsedUsageRecord } from './input-schema';
import type { UsageAggregation } from './types';

/**
 * Usage metrics turn usage records into a billable quantity. A metric picks
 * records by eGroup (and eId when it names one), reads one field of each, and
 * aggregates:
 *
 *   count  — how many records (the field need not be set);
 *   sum    — Σ field (kWh per charging session, pages per print job);
 *   delta  — growth of a cumulative counter: per device, each record's value
 *            minus the device's previous record (which may predate the period —
 *            it is the baseline), so the period gets exactly what was used in it;
 *   max    — the largest value (peak demand);
 *   latest — the value of the last record.
 *
 * Counters are 64-bit integers held as Dec, never JS numbers.
 */
export function metricMatches(metric: ParsedUsageMetric, record: ParsedUsageRecord): boolean {
  return record.eGroup === metric.eGroup && (metric.eId === null || record.eId === metric.eId);
}

/** The record's value for the metric: 1 for count, else the field (null when the record lacks it). */
export function recordValue(metric: ParsedUsageMetric, record: ParsedUsageRecord): Dec | null {
  return metric.aggregation === 'count' ? ONE : record.values[metric.field];
}

/** A record's part in a metric's quantity. */
export interface Contribution {
  record: ParsedUsageRecord;
  value: Dec;
}

export interface NegativeDelta {
  kind: 'negative-delta';
  record: ParsedUsageRecord;
  previous: ParsedUsageRecord;
}

/**
 * The contributions of one device's records (all from one installation, in
 * canonical order) to a metric, for records at or after `from` and before `to`.
 * Earlier records only serve as the delta baseline.
 *
 * A counter that goes backwards (reset, replaced device) is an exception: that
 * step contributes nothing, and counting resumes from the new value.
 */
export function deviceContributions(
  metric: ParsedUsageMetric,
  records: readonly ParsedUsageRecord[],
  from: number,
  to: number,
): { contributions: Contribution[]; problems: NegativeDelta[] } {
  const contributions: Contribution[] = [];
  const problems: NegativeDelta[] = [];
  let previous: { record: ParsedUsageRecord; value: Dec } | null = null;
  for (const record of records) {
    if (record.at >= to) break;
    if (!metricMatches(metric, record)) continue;
    const value = recordValue(metric, record);
    if (value === null) continue;
    const inPeriod = record.at >= from;
    if (metric.aggregation !== 'delta') {
      if (inPeriod) contributions.push({ record, value });
      continue;
    }
    if (inPeriod && previous) {
      const increment = value.sub(previous.value);
      if (increment.isNegative())
        problems.push({ kind: 'negative-delta', record, previous: previous.record });
      else contributions.push({ record, value: increment });
    }
    previous = { record, value };
  }
  return { contributions, problems };
}

/** The metric's quantity from contributions in canonical order. */
export function aggregate(aggregation: UsageAggregation, values: readonly Dec[]): Dec {
  switch (aggregation) {
    case 'count':
    case 'sum':
    case 'delta':
      return values.reduce((total, value) => total.add(value), ZERO);
    case 'max':
      return values.length === 0
        ? ZERO
        : values.reduce((max, value) => (value.greaterThan(max) ? value : max));
    case 'latest':
      return values.length === 0 ? ZERO : values[values.length - 1];
  }
}

/** Canonical order: time, then every identifying field and value, so input order never matters. */
export function compareUsageRecords(a: ParsedUsageRecord, b: ParsedUsageRecord): number {
  return (
    a.at - b.at ||
    compareText(a.deviceId, b.deviceId) ||
    compareText(a.eGroup, b.eGroup) ||
    compareText(a.eId, b.eId) ||
    compareText(a.eventRef ?? '', b.eventRef ?? '') ||
    compareText(a.badge ?? '', b.badge ?? '') ||
    compareText(valuesKey(a), valuesKey(b))
  );
}

function valuesKey(record: ParsedUsageRecord): string {
  return Object.values(record.values)
    .map((value) => (value === null ? '' : value.toFixed()))
    .join('|');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ConflictingRecords {
  kind: 'conflicting-usage-records';
  kept: ParsedUsageRecord;
  dropped: ParsedUsageRecord;
}

/**
 * Records are idempotent by (deviceId, eGroup, eId, eventRef): a repeat of the
 * same event counts once. A repeat that differs (other time, values or badge)
 * is reported; the first in canonical order is kept. Records without an
 * eventRef are never duplicates of each other. Expects canonical order.
 */
export function dedupeUsageRecords(sorted: readonly ParsedUsageRecord[]): {
  records: ParsedUsageRecord[];
  conflicts: ConflictingRecords[];
} {
  const seen = new Map<string, ParsedUsageRecord>();
  const records: ParsedUsageRecord[] = [];
  const conflicts: ConflictingRecords[] = [];
  for (const record of sorted) {
    if (record.eventRef === null) {
      records.push(record);
      continue;
    }
    const key = JSON.stringify([record.deviceId, record.eGroup, record.eId, record.eventRef]);
    const kept = seen.get(key);
    if (!kept) {
      seen.set(key, record);
      records.push(record);
    } else if (
      kept.at !== record.at ||
      kept.badge !== record.badge ||
      valuesKey(kept) !== valuesKey(record)
    ) {
      conflicts.push({ kind: 'conflicting-usage-records', kept, dropped: record });
    }
  }
  return { records, conflicts };
}
