/**
 * The community split (src/community) over one month of 15-minute data, for N members,
 * against a ceiling measured in the same run: the same readings put in the same interval
 * table and each interval's member values summed (decimal) — the work any split must do
 * at least — without sharing. Prints intervals/s of both, their ratio and peak RSS growth.
 *
 *   node -r ./scripts/ts-register.cjs --expose-gc bench/community/run.ts [members…]
 *
 * The data is generated deterministically (a sunny/cloudy day pattern for the PV, a
 * different load profile per flat), so runs compare.
 */
import { Dec, ZERO } from '../../src/charging/decimal';
import {
  IntervalTable,
  splitCommunity,
  type CommunitySetup,
  type IntervalReading,
} from '../../src/community';

const Q = 15 * 60_000;
const T0 = Date.UTC(2026, 5, 1, 0, 0) - 2 * 3600_000; // 1 June 2026 00:00 Europe/Zurich
const DAYS = 30;
const INTERVALS = DAYS * 96;

function readings(members: number): IntervalReading[] {
  const out: IntervalReading[] = [];
  for (let i = 0; i < INTERVALS; i++) {
    const start = T0 + i * Q;
    const hour = (i % 96) / 4;
    const day = Math.floor(i / 96);
    const sun = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
    const cloudy = day % 3 === 2 ? 0.3 : 1;
    // 30 kWp for every 10 flats: a clear quarter hour at noon gives 7.5 kWh per 30 kWp.
    const pv = ((members / 10) * 7.5 * sun * cloudy).toFixed(3);
    out.push({ meter: 'PV', start, kWh: new Dec(pv) });
    out.push({ meter: 'IMP', start, kWh: new Dec((members * 0.12 * (1 - sun * cloudy * 0.8)).toFixed(3)) });
    out.push({ meter: 'EXP', start, kWh: new Dec((members * 0.05 * sun * cloudy).toFixed(3)) });
    for (let m = 0; m < members; m++) {
      const base = 0.05 + ((m * 7 + i) % 11) / 100 + (hour > 17 && hour < 22 ? 0.15 : 0);
      out.push({ meter: `m${m}`, start, kWh: new Dec(base.toFixed(3)) });
    }
  }
  return out;
}

function setupOf(members: number): CommunitySetup {
  return {
    period: { from: T0, to: T0 + INTERVALS * Q },
    intervalMinutes: 15,
    productionMeters: ['PV'],
    members: Array.from({ length: members }, (_, m) => ({
      id: `p${m}`,
      meters: [`m${m}`],
      from: T0,
      to: null,
    })),
    connection: { importMeters: ['IMP'], exportMeters: ['EXP'] },
    method: 'proportional',
    common: 'owner',
  };
}

function ceiling(setup: CommunitySetup, data: IntervalReading[]) {
  const table = new IntervalTable(setup.period, Q, data);
  let total = ZERO;
  for (let start = setup.period.from; start < setup.period.to; start += Q) {
    for (const meter of ['PV', 'IMP', 'EXP', ...setup.members.map((m) => m.meters[0])]) {
      const found = table.lookup(meter, start);
      if (found.ok) total = total.add(found.kWh);
    }
  }
  return total;
}

/** Synchronous work: RSS is read before and after (a timer would not fire in between). */
function measure<T>(fn: () => T) {
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { result, ms, rssGrowthMB: Math.round((process.memoryUsage().rss - rss0) / 1048576) };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const members of sizes.length ? sizes : [20, 200]) {
  const data = readings(members);
  const setup = setupOf(members);
  const floor = measure(() => ceiling(setup, data));
  const split = measure(() =>
    splitCommunity(
      setup,
      data,
      (holder) => holder,
      (start) => String(Math.floor((start - T0) / 86_400_000)),
    ),
  );
  const values = data.length;
  console.log(
    JSON.stringify({
      members,
      intervals: INTERVALS,
      values,
      ceiling: { ms: Math.round(floor.ms), valuesPerSecond: Math.round((values / floor.ms) * 1000) },
      split: {
        ms: Math.round(split.ms),
        valuesPerSecond: Math.round((values / split.ms) * 1000),
        intervalsSplit: split.result.intervalsSplit,
        rssGrowthMB: split.rssGrowthMB,
      },
      ratioToCeiling: Number((floor.ms / split.ms).toFixed(2)),
    }),
  );
}
