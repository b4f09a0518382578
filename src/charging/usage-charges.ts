import { BadgeRegister, type BadgeHolder } from './badges';
import type { ChargingContext, Ladder, UsagePiece } from './charging-context';
import { Dec } from './decimal';
import type { ParsedMeter, ParsedUsageMetric, ParsedUsageRecord, RateTarget } from './input-schema';
import { rateOf } from './meter-charges';
import { lowerBound } from './register-series';
import type { PartyRole } from './types';
import {
  aggregate,
  compareUsageRecords,
  dedupeUsageRecords,
  deviceContributions,
  metricMatches,
} from './usage-metrics';

/**
 * Usage records → usage pieces. A record counts for this billing point when
 * its device (a meter whose meterNumber is the record's deviceId) was
 * installed here at the record's time. It is charged to the holder of the
 * badge it carries (charging station, laundry), else to whoever answers for
 * the billing point that day. Records of one (party, device, metric, segment)
 * aggregate into one piece, priced by the metric's rate of that day.
 */
export interface UsageCharges {
  pieces: UsagePiece[];
  /** Usage metric code → device ids that reported it (for fixed fees). */
  reportingDevices: Map<string, Set<string>>;
}

interface Group {
  partyId: string;
  role: PartyRole;
  ladder: Ladder;
  fromDay: number;
  toDay: number;
  rateRunIndex: number;
  deviceId: string;
  values: Dec[];
  badges: Set<string>;
}

export function usageCharges(ctx: ChargingContext): UsageCharges {
  const { usageMetrics, usageRecords, badges, meters } = ctx.input;
  const pieces: UsagePiece[] = [];
  const reportingDevices = new Map<string, Set<string>>();
  if (usageMetrics.length === 0 || usageRecords.length === 0) return { pieces, reportingDevices };

  const metersByNumber = new Map(meters.map((meter) => [meter.meterNumber, meter]));
  const { records, conflicts } = dedupeUsageRecords([...usageRecords].sort(compareUsageRecords));
  const ex = ctx.exceptions;
  for (const conflict of conflicts) {
    ex.add(
      'conflicting-usage-records',
      'conflicting-usage-records',
      {
        device: conflict.kept.deviceId,
        event: conflict.kept.eventRef ?? '',
        eventGroup: conflict.kept.eGroup,
        eventId: conflict.kept.eId,
      },
      `Device ${conflict.kept.deviceId} sent event ${conflict.kept.eventRef} (${conflict.kept.eGroup}/${conflict.kept.eId}) twice with different content; the first was kept`,
      { deviceId: conflict.kept.deviceId, at: ex.instant(conflict.dropped.at) },
    );
  }
  // Records per device, still in canonical (time) order.
  const byDevice = new Map<string, ParsedUsageRecord[]>();
  for (const record of records) {
    if (!metersByNumber.has(record.deviceId)) continue;
    const list = byDevice.get(record.deviceId);
    if (list) list.push(record);
    else byDevice.set(record.deviceId, [record]);
  }
  const deviceIds = [...byDevice.keys()].sort();
  const badgeRegister = new BadgeRegister(badges);
  const metrics = [...usageMetrics].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  for (const metric of metrics) {
    const target: RateTarget = { kind: 'metric', code: metric.code };
    const rateRuns = ctx.rateRuns(target);
    const segments = ctx.segments(target);
    for (const deviceId of deviceIds) {
      const meter = metersByNumber.get(deviceId)!;
      const deviceRecords = byDevice.get(deviceId)!;
      const times = deviceRecords.map((record) => record.at);
      const groups = new Map<string, Group>();
      const unchargedBadges = new Map<
        string,
        {
          badge: string;
          holder: Exclude<BadgeHolder, { kind: 'found' }>;
          uses: number;
          first: number;
          last: number;
        }
      >();
      for (const window of installationWindows(ctx, meter)) {
        const inWindow = deviceRecords.slice(lowerBound(times, window.start), lowerBound(times, window.end));
        if (inWindow.some((record) => metricMatches(metric, record))) {
          const reporting = reportingDevices.get(metric.code) ?? new Set<string>();
          reporting.add(deviceId);
          reportingDevices.set(metric.code, reporting);
        }
        const from = Math.max(window.start, ctx.period.start);
        const to = Math.min(window.end, ctx.period.end);
        if (from >= to) continue;
        const { contributions, problems } = deviceContributions(metric, inWindow, from, to);
        for (const problem of problems) {
          ex.add(
            'negative-delta',
            'counter-went-backwards',
            {
              field: metric.field,
              device: deviceId,
              previousValue: problem.previous.values[metric.field]!.toFixed(),
              nextValue: problem.record.values[metric.field]!.toFixed(),
              atTime: ex.instant(problem.record.at),
            },
            `Counter ${metric.field} of device ${deviceId} went backwards from ${problem.previous.values[metric.field]!.toFixed()} to ${problem.record.values[metric.field]!.toFixed()} at ${ex.local(problem.record.at)}; that step was not charged`,
            { deviceId, usageMetric: metric.code, at: ex.instant(problem.record.at) },
          );
        }
        let runIndex = 0;
        let segmentIndex = 0;
        for (const { record, value } of contributions) {
          const day = ctx.dayOf(record.at)!;
          while (rateRuns[runIndex].toDay < day) runIndex++;
          while (segments[segmentIndex].toDay < day) segmentIndex++;
          let group: Omit<Group, 'values' | 'badges' | 'deviceId'>;
          if (record.badge !== null) {
            const holder = badgeRegister.holderOn(record.badge, day);
            if (holder.kind !== 'found') {
              const key = JSON.stringify([record.badge, holder.kind]);
              const seen = unchargedBadges.get(key);
              if (seen) {
                seen.uses++;
                seen.last = record.at;
              } else
                unchargedBadges.set(key, {
                  badge: record.badge,
                  holder,
                  uses: 1,
                  first: record.at,
                  last: record.at,
                });
              continue;
            }
            const run = rateRuns[runIndex];
            group = {
              partyId: holder.partyId,
              role: 'badge-holder',
              ladder: 'badge',
              fromDay: run.fromDay,
              toDay: run.toDay,
              rateRunIndex: runIndex,
            };
          } else {
            const segment = segments[segmentIndex];
            group = {
              partyId: segment.responsibility.partyId,
              role: segment.responsibility.role,
              ladder: 'occupancy',
              fromDay: segment.fromDay,
              toDay: segment.toDay,
              rateRunIndex: runIndex,
            };
          }
          const key = JSON.stringify([group.ladder, group.partyId, group.role, group.fromDay]);
          let entry = groups.get(key);
          if (!entry) {
            entry = { ...group, deviceId, values: [], badges: new Set() };
            groups.set(key, entry);
          }
          entry.values.push(value);
          if (record.badge !== null) entry.badges.add(record.badge);
        }
      }
      for (const { badge, holder, uses, first, last } of unchargedBadges.values()) {
        const held =
          holder.kind === 'ambiguous'
            ? `is held by several parties (${holder.partyIds.join(', ')})`
            : 'is held by no one';
        ex.add(
          holder.kind === 'ambiguous' ? 'ambiguous-badge' : 'unknown-badge',
          holder.kind === 'ambiguous' ? 'badge-held-by-several' : 'badge-held-by-no-one',
          {
            badge,
            ...(holder.kind === 'ambiguous' ? { parties: holder.partyIds.join(', ') } : {}),
            device: deviceId,
            uses,
            firstTime: ex.instant(first),
            lastTime: ex.instant(last),
          },
          `Badge ${badge} ${held} when it was used on device ${deviceId} (${uses} use${uses === 1 ? '' : 's'} from ${ex.local(first)} to ${ex.local(last)}); those uses were not charged`,
          { deviceId, badge, usageMetric: metric.code, at: ex.instant(first) },
        );
      }
      for (const group of groups.values()) {
        const subject = { usageMetric: metric.code, deviceId };
        const rate = rateOf(ctx, rateRuns[group.rateRunIndex], subject, {
          kind: 'metric',
          params: { metric: metric.code },
          text: `usage metric ${metric.code}`,
        });
        if (!rate) continue;
        const quantity = aggregate(metric.aggregation, group.values);
        if (quantity.isNegative()) {
          ex.add(
            'negative-consumption',
            'metric-negative-total',
            {
              metric: metric.code,
              device: deviceId,
              totalValue: quantity.toFixed(),
              fromDate: ex.day(group.fromDay),
              toDate: ex.day(group.toDay),
            },
            `Usage metric ${metric.code} of device ${deviceId} adds up to ${quantity.toFixed()} from ${ex.day(group.fromDay)} to ${ex.day(group.toDay)}; a negative quantity is not charged`,
            {
              ...subject,
              partyId: group.partyId,
              fromDate: ex.day(group.fromDay),
              toDate: ex.day(group.toDay),
            },
          );
          continue;
        }
        pieces.push(usagePiece(metric, target, rate, group, quantity));
      }
    }
  }
  return { pieces, reportingDevices };
}

function usagePiece(
  metric: ParsedUsageMetric,
  target: RateTarget,
  rate: UsagePiece['rate'],
  group: Group,
  quantity: Dec,
): UsagePiece {
  return {
    kind: 'usage',
    partyId: group.partyId,
    role: group.role,
    ladder: group.ladder,
    target,
    rate,
    fromDay: group.fromDay,
    toDay: group.toDay,
    quantity,
    order: [group.fromDay, group.deviceId],
    metric,
    deviceId: group.deviceId,
    badges: [...group.badges].sort(),
    recordCount: group.values.length,
  };
}

/** The installations of a device as half-open instant windows [start, end). */
export function installationWindows(
  ctx: ChargingContext,
  meter: ParsedMeter,
): { start: number; end: number; fromDay: number; toDay: number | null }[] {
  return meter.installations.map((inst) => ({
    start: ctx.dayStart(inst.fromDay),
    end: inst.toDay === null ? Number.POSITIVE_INFINITY : ctx.dayStart(inst.toDay + 1),
    fromDay: inst.fromDay,
    toDay: inst.toDay,
  }));
}
