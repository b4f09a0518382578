/**
 * One draft charge run of a bench building's month (charge-runs.draft, the service call
 * behind POST /utilities/charge-runs), timed, with its peak RSS growth and its peak live
 * heap growth (bench/memory.mjs).
 */
import { watchMemory } from '../memory.mjs';

export async function timedDraft({ strapi, n, variant, data, period, progressEvery = 0 }) {
  global.gc?.();
  const memory = watchMemory();
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
  // PROGRESS=<seconds>: the run's billing points done so far, to see whether its pace holds.
  const progress = progressEvery
    ? setInterval(async () => {
        const [row] = await strapi.db
          .query('plugin::utilities.charge-run')
          .findMany({ where: { status: 'running' }, select: ['progress'], limit: 1 });
        console.error(
          `  ${elapsed().toFixed(0)} s: ${row?.progress?.done ?? '-'} / ${row?.progress?.total ?? n} points, RSS +${memory.rssGrowthMB()} MB`,
        );
      }, progressEvery * 1000)
    : null;
  try {
    const { data: run } = await strapi
      .plugin('utilities')
      .service('charge-runs')
      .draft({ ...period, scope: { building: data.building } }, 'bench');
    const seconds = elapsed();
    const cpu = process.cpuUsage(cpu0);
    return {
      run,
      result: {
        billingPoints: n,
        variant,
        readings: data.readings,
        usageRecords: data.usageRecords,
        seconds: +seconds.toFixed(2),
        pointsPerSecond: Math.round(n / seconds),
        // This process's CPU time (all its threads): against the wall time, how much of the run
        // it spent waiting for the database.
        cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
        ...memory.stop(),
        invoices: run.invoiceCount,
        exceptions: run.exceptions.length,
        totals: run.totals,
      },
    };
  } finally {
    clearInterval(progress);
    memory.stop();
  }
}
