/**
 * What a stretch of work cost this process in memory, two ways (call `global.gc` first, under
 * `--expose-gc`, so both start from a collected heap):
 *
 * - `peakRssGrowthMB`: the RSS, sampled every 20 ms, at its highest, less the RSS at the start.
 *   What the targets are stated in; it includes the garbage V8 lets pile up before it
 *   collects, and V8 sizes its heap as a multiple of what is live (up to four times:
 *   `--trace-gc` showed 650 MB collected down to 160 MB in a 100,000-point charge run).
 * - `peakLiveHeapGrowthMB`: the heap in use just after each full (mark-compact) collection,
 *   at its highest, less the heap in use at the start — what the work keeps alive, without
 *   that garbage. Read when the observer hears of the collection, so it may include a little
 *   allocated since; `null` when there was no full collection (short work needs none).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';

const MB = 1e6;

export function watchMemory() {
  const rssBefore = process.memoryUsage().rss;
  const liveBefore = process.memoryUsage().heapUsed;
  let peakRss = rssBefore;
  let peakLive = liveBefore;
  let fullCollections = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        fullCollections += 1;
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }
  });
  collections.observe({ entryTypes: ['gc'] });
  return {
    /** RSS growth so far, for progress lines. */
    rssGrowthMB: () => Math.round((process.memoryUsage().rss - rssBefore) / MB),
    stop() {
      clearInterval(sampler);
      collections.disconnect();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return {
        peakRssGrowthMB: Math.round((peakRss - rssBefore) / MB),
        peakLiveHeapGrowthMB: fullCollections ? Math.round((peakLive - liveBefore) / MB) : null,
        fullCollections,
      };
    },
  };
}
