import { Cron } from 'croner';
import { occurrenceAt } from '../../src/channels/schedule';

/**
 * The timer of the scheduled monthly charge run (plugin config `charging.schedule`).
 * Like the channel schedules (channel-scheduler.ts) it is a croner timer of the
 * plugin's own, switched by the plugin's `cron.enabled` — Strapi's `strapi.cron`
 * follows `server.cron.enabled`, which the plugin does not control. Every instance
 * arms it; when it goes off, the instance works out the occurrence (the same on every
 * instance) and hands it to `fire`, which claims it before doing anything, so exactly
 * one instance drafts the run.
 */
export type ChargeTimerDeps = {
  /** Read at start: `cron.enabled`, the schedule switch, its expression and the zone. */
  settings: () => { cronEnabled: boolean; enabled: boolean; cron: string; timezone: string };
  fire: (occurrence: Date) => Promise<unknown>;
  log: { warn(m: string): void; error(m: string): void };
};

export class ChargeTimer {
  private cron: Cron | null = null;
  private armedWith: { expression: string; timezone: string } | null = null;

  constructor(private readonly deps: ChargeTimerDeps) {}

  /** Arms the timer when both switches are on (re-arms with the current settings). */
  start(): void {
    this.stop();
    const { cronEnabled, enabled, cron, timezone } = this.deps.settings();
    if (!cronEnabled || !enabled) return;
    try {
      this.cron = new Cron(cron, { timezone, mode: '5-or-6-parts', catch: true, unref: true }, () =>
        this.onTimer(cron, timezone),
      );
      this.armedWith = { expression: cron, timezone };
    } catch (error) {
      this.deps.log.warn(`The scheduled charge run "${cron}" cannot run: ${(error as Error).message}`);
    }
  }

  stop(): void {
    this.cron?.stop();
    this.cron = null;
    this.armedWith = null;
  }

  /** For diagnostics and tests: whether the timer is armed, with what, and when it goes off next. */
  describe():
    { armed: false } | { armed: true; expression: string; timezone: string; nextRunAt: string | null } {
    if (!this.cron || !this.armedWith) return { armed: false };
    return { armed: true, ...this.armedWith, nextRunAt: this.cron.nextRun()?.toISOString() ?? null };
  }

  private onTimer(expression: string, timezone: string): void {
    const occurrence = occurrenceAt(expression, new Date(), { timezone });
    if (!occurrence) return;
    this.deps
      .fire(occurrence)
      .catch((error) =>
        this.deps.log.error(`The scheduled charge run could not run: ${(error as Error).message}`),
      );
  }
}
