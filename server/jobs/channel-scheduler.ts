import type { Core } from '@strapi/strapi';
import { Cron } from 'croner';
import { occurrenceAt, occurrenceKey } from '../../src/channels/schedule';
import { claimOccurrence, pruneClaims } from './claims';

/**
 * The plugin's own job runner for channel pulls (DESIGN §6 "Schedules"). Strapi's
 * `strapi.cron` obeys `server.cron.enabled`, which the plugin does not control, so the
 * plugin runs its own croner timers, switched by its `cron.enabled` config.
 *
 * Every instance arms a timer for every scheduled channel. When a timer goes off, the
 * instance works out which occurrence it belongs to (the same answer on every instance)
 * and claims it in the claim table; only the instance whose claim lands pulls. The pull
 * itself holds the channel's lease, so a slow pull and the next occurrence never overlap.
 *
 * Changes show without a restart: a save on this instance re-arms that channel at once,
 * and every instance re-reads all schedules periodically (a save on another instance).
 * A fire re-reads the channel and the module switch first, so a schedule that was just
 * changed or switched off elsewhere does not run from a stale timer.
 */
type Knex = Core.Strapi['db']['connection'];

export type SchedulableChannel = {
  documentId: string;
  code: string;
  active: boolean;
  schedule: string | null;
};

export type FireOutcome =
  | { outcome: 'ran' }
  | { outcome: 'claimed-elsewhere' }
  | { outcome: 'busy' }
  | { outcome: 'failed'; message: string }
  | {
      outcome: 'skipped';
      reason: 'module-disabled' | 'deleted' | 'inactive' | 'unscheduled' | 'schedule-changed';
    };

export type SchedulerDeps = {
  knex: Knex;
  instanceId: string;
  cronEnabled: boolean;
  timezone: () => string;
  isModuleEnabled: () => Promise<boolean>;
  loadChannel: (documentId: string) => Promise<SchedulableChannel | null>;
  loadAll: () => Promise<SchedulableChannel[]>;
  /** Runs the pull; resolves 'busy' when the channel's lease is held elsewhere. */
  pull: (documentId: string) => Promise<'ran' | 'busy'>;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  /** How often all schedules are re-read (saves made on other instances). Default 60 s. */
  resyncIntervalMs?: number;
};

export const pullJobName = (documentId: string) => `channel-pull:${documentId}`;

type Armed = { expression: string; timezone: string; cron: Cron };

export class ChannelScheduler {
  private readonly jobs = new Map<string, Armed>();
  private armed = false;
  private resyncTimer: NodeJS.Timeout | null = null;
  private resyncing: Promise<void> | null = null;
  private starting: Promise<void> | null = null;
  /** Bumped by stop(): a start still checking the module switch must not arm afterwards. */
  private generation = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Whether timers run on this instance (cron enabled and the utilities module on). */
  get running(): boolean {
    return this.armed;
  }

  /** Arms the timers (no-op when cron is disabled or the module is off). Concurrent calls share one start. */
  start(): Promise<void> {
    if (!this.deps.cronEnabled) return Promise.resolve();
    if (this.starting) return this.starting;
    if (this.armed) return Promise.resolve();
    const generation = this.generation;
    this.starting = (async () => {
      if (!(await this.deps.isModuleEnabled()) || generation !== this.generation) return;
      this.armed = true;
      this.resyncTimer = setInterval(() => {
        this.resync().catch((error) =>
          this.deps.log.warn(`Re-reading channel schedules failed: ${(error as Error).message}`),
        );
      }, this.deps.resyncIntervalMs ?? 60_000);
      this.resyncTimer.unref?.();
      await this.resync();
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Disarms every timer (module switched off, plugin destroyed). A pull already running finishes. */
  stop(): void {
    this.generation++;
    this.armed = false;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    for (const id of [...this.jobs.keys()]) this.disarm(id);
  }

  /** Re-reads every channel's schedule and arms or disarms accordingly. */
  async resync(): Promise<void> {
    if (!this.armed) return;
    if (this.resyncing) return this.resyncing;
    this.resyncing = (async () => {
      const channels = await this.deps.loadAll();
      if (!this.armed) return;
      const seen = new Set<string>();
      for (const channel of channels) {
        seen.add(channel.documentId);
        this.apply(channel.documentId, channel);
      }
      for (const id of [...this.jobs.keys()]) if (!seen.has(id)) this.disarm(id);
    })().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  /** Re-arms one channel after a save on this instance. */
  async sync(documentId: string): Promise<void> {
    if (!this.armed) return;
    this.apply(documentId, await this.deps.loadChannel(documentId));
  }

  remove(documentId: string): void {
    this.disarm(documentId);
  }

  /** The armed timers, for diagnostics and tests. */
  describe(): { channel: string; expression: string; timezone: string; nextRunAt: string | null }[] {
    return [...this.jobs.entries()].map(([channel, job]) => ({
      channel,
      expression: job.expression,
      timezone: job.timezone,
      nextRunAt: job.cron.nextRun()?.toISOString() ?? null,
    }));
  }

  /**
   * Runs one occurrence of a channel's schedule if this instance wins its claim. Called by
   * the timers; callable directly with a fixed occurrence (tests, a manual catch-up).
   * `expression` is the schedule the timer was armed with: if the channel's schedule has
   * changed since, the stale timer does not run.
   */
  async fire(
    documentId: string,
    occurrence: Date,
    options: { expression?: string } = {},
  ): Promise<FireOutcome> {
    if (!(await this.deps.isModuleEnabled())) return { outcome: 'skipped', reason: 'module-disabled' };
    const channel = await this.deps.loadChannel(documentId);
    if (!channel) return { outcome: 'skipped', reason: 'deleted' };
    if (!channel.active) return { outcome: 'skipped', reason: 'inactive' };
    if (!channel.schedule) return { outcome: 'skipped', reason: 'unscheduled' };
    if (options.expression !== undefined && options.expression !== channel.schedule)
      return { outcome: 'skipped', reason: 'schedule-changed' };

    const key = occurrenceKey(pullJobName(documentId), occurrence);
    if (!(await claimOccurrence(this.deps.knex, key, this.deps.instanceId)))
      return { outcome: 'claimed-elsewhere' };
    await pruneClaims(this.deps.knex, key.job).catch(() => 0);
    try {
      const result = await this.deps.pull(documentId);
      if (result === 'busy') {
        this.deps.log.info(
          `Channel ${channel.code}: the ${key.scheduledFor} pull was skipped, a pull of this channel is still running`,
        );
        return { outcome: 'busy' };
      }
      return { outcome: 'ran' };
    } catch (error) {
      // The pull has already recorded and logged a remote failure (scrubbed of secrets).
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: 'failed', message };
    }
  }

  private apply(documentId: string, channel: SchedulableChannel | null): void {
    if (!this.armed || !channel || !channel.active || !channel.schedule) {
      this.disarm(documentId);
      return;
    }
    const timezone = this.deps.timezone();
    const current = this.jobs.get(documentId);
    if (current && current.expression === channel.schedule && current.timezone === timezone) return;
    this.disarm(documentId);
    const expression = channel.schedule;
    let cron: Cron;
    try {
      cron = new Cron(expression, { timezone, mode: '5-or-6-parts', catch: true, unref: true }, () =>
        this.onTimer(documentId, expression, timezone),
      );
    } catch (error) {
      this.deps.log.warn(
        `Channel ${channel.code}: the schedule "${expression}" cannot run: ${(error as Error).message}`,
      );
      return;
    }
    this.jobs.set(documentId, { expression, timezone, cron });
  }

  private disarm(documentId: string): void {
    this.jobs.get(documentId)?.cron.stop();
    this.jobs.delete(documentId);
  }

  private onTimer(documentId: string, expression: string, timezone: string): void {
    const occurrence = occurrenceAt(expression, new Date(), { timezone });
    if (!occurrence) return;
    this.fire(documentId, occurrence, { expression })
      .then((result) => {
        if (result.outcome === 'failed')
          this.deps.log.warn(`Scheduled pull of channel ${documentId} failed: ${result.message}`);
      })
      .catch((error) =>
        this.deps.log.error(
          `Scheduled pull of channel ${documentId} could not run: ${(error as Error).message}`,
        ),
      );
  }
}
