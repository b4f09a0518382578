import { z } from 'zod';
import { Dec } from './decimal';
import { moneyText } from './money';
import { checkRequestPeriod, requestDate } from './request-period';
import type { InvoiceTotals } from './types';
import type { ExceptionParams } from './exception-codes';

/**
 * The charge-run lifecycle (DESIGN §4 charge-run), as rules without storage:
 *
 *   draft → finalized | void; finalized → void; void is final.
 *
 * A draft can be replaced by running the same period and scope again (the service
 * does that); a finalized run's invoices are immutable; voiding keeps the run and its
 * invoices as history. The service (server/services/charging/charge-runs.ts) asks
 * `transitionRefusal` before changing a status and answers 409 with its text.
 */
export const RUN_STATUSES = ['draft', 'finalized', 'void'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const isRunStatus = (value: unknown): value is RunStatus =>
  typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);

/**
 * Where a charge run stands, beside its lifecycle: `running` while it is being charged in
 * the background (it has no invoices yet: they are staged and handed over in one
 * transaction when it ends, so it becomes a whole draft or nothing), `failed` when it
 * stopped before the end (why, in `failure`). Neither can be finalized or voided.
 */
export const CHARGE_RUN_STATES = [...RUN_STATUSES, 'running', 'failed'] as const;
export type ChargeRunState = (typeof CHARGE_RUN_STATES)[number];

export const isChargeRunState = (value: unknown): value is ChargeRunState =>
  typeof value === 'string' && (CHARGE_RUN_STATES as readonly string[]).includes(value);

/** How far a running run is: billing points charged of those in scope. */
export type RunProgress = { done: number; total: number };

/**
 * A database outage the run went through: when it was dropped, why, when it went on once
 * the database answered, and the billing points done it went on from.
 */
export type RunInterruption = { at: string; reason: string; resumedAt: string; done: number };

/** Why a run failed: a stable code the admin translates, its parameters, and the English text. */
export type RunFailure = { code: string; message: string; params?: Record<string, string | number> };

/** Which statuses a run may move to from each status. */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  draft: ['finalized', 'void'],
  finalized: ['void'],
  void: [],
};

export const canTransition = (from: RunStatus, to: RunStatus): boolean => RUN_TRANSITIONS[from].includes(to);

/**
 * Why run `id` cannot go from `from` to `to`, in words a person can act on; null when it can.
 * Only finalize and void are asked for: a draft is made by running, never by a transition.
 */
export function transitionRefusal(id: string, from: ChargeRunState, to: 'finalized' | 'void'): string | null {
  if (from === 'running') return `Charge run ${id} is still running; wait until it is a draft`;
  if (from === 'failed') return `Charge run ${id} failed; run the period again instead`;
  if (canTransition(from, to)) return null;
  if (to === 'finalized') return `Charge run ${id} is ${from}; only a draft can be finalized`;
  return `Charge run ${id} is already void`;
}

/** What a run charges: one building, one billing point, or every active billing point (null). */
export type RunScope = { building: string } | { billingPoint: string } | null;

/** The key that makes "the same period and scope" one comparison (a run again replaces that draft). */
export const scopeKeyOf = (scope: RunScope): string =>
  scope === null
    ? 'all'
    : 'building' in scope
      ? `building:${scope.building}`
      : `billing-point:${scope.billingPoint}`;

/**
 * A run-level problem (the engine's exceptions plus what stops a billing point from
 * being charged at all). `code` and `params` let the admin say it in its language
 * (src/charging/exception-codes.ts); `message` is the English text.
 */
export type RunException = {
  kind: string;
  code?: string;
  params?: ExceptionParams;
  message: string;
  billingPointId: string;
} & Record<string, unknown>;

/** A run's totals: one entry per currency, sorted by currency code. */
export type RunTotals = { currency: string; invoices: number; net: string; vat: string; gross: string }[];

type InvoiceSums = Pick<InvoiceTotals, 'net' | 'vat' | 'gross'>;
type CurrencySums = { invoices: number; net: Dec; vat: Dec; gross: Dec };

/**
 * A run's totals kept as it goes: each invoice staged is added, and the invoices a run
 * drops before its hand-over (points finalized meanwhile by another run) are taken away
 * again. A run keeps these sums — a few per currency — instead of every invoice's totals
 * until the end: a 100,000-point run staged 110,000 summaries, some 17 MB of live heap
 * (bench/charging/RESULTS.md). Decimal throughout, so taking away is exact.
 */
export class RunSums {
  private readonly by = new Map<string, CurrencySums>();

  add(currency: string, totals: InvoiceSums): void {
    this.apply(currency, totals, 1);
  }

  /** Takes away an invoice added before; a currency left without invoices drops out. */
  remove(currency: string, totals: InvoiceSums): void {
    const sums = this.by.get(currency);
    if (!sums) throw new Error(`no ${currency} invoice to take away from the run's totals`);
    this.apply(currency, totals, -1);
    if (sums.invoices === 0) this.by.delete(currency);
  }

  copy(): RunSums {
    const copy = new RunSums();
    for (const [currency, t] of this.by) copy.by.set(currency, { ...t });
    return copy;
  }

  /** How many invoices the sums stand for. */
  invoices(): number {
    let n = 0;
    for (const t of this.by.values()) n += t.invoices;
    return n;
  }

  /** The totals as the run shows them: one entry per currency, sorted, the minor unit printed. */
  totals(): RunTotals {
    return [...this.by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, t]) => ({
        currency,
        invoices: t.invoices,
        net: moneyText(t.net, currency),
        vat: moneyText(t.vat, currency),
        gross: moneyText(t.gross, currency),
      }));
  }

  private apply(currency: string, totals: InvoiceSums, sign: 1 | -1) {
    const t = this.by.get(currency) ?? { invoices: 0, net: new Dec(0), vat: new Dec(0), gross: new Dec(0) };
    const step = (sum: Dec, amount: string) => (sign === 1 ? sum.plus(amount) : sum.minus(amount));
    t.invoices += sign;
    t.net = step(t.net, totals.net);
    t.vat = step(t.vat, totals.vat);
    t.gross = step(t.gross, totals.gross);
    this.by.set(currency, t);
  }
}

/** How many invoices a run's totals stand for. */
export const invoicesIn = (totals: RunTotals) => totals.reduce((n, t) => n + t.invoices, 0);

const documentId = (what: string) =>
  z
    .string({ error: `${what} must be a documentId (text)` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(64, { error: `${what} is too long` });

/** The body of "run charges" (the OpenAPI description documents this very schema): a period of at most MAX_PERIOD_DAYS days and an optional scope. */
export const runRequestSchema = z
  .object(
    {
      periodStart: requestDate('periodStart'),
      periodEnd: requestDate('periodEnd'),
      scope: z
        .union(
          [
            z.strictObject({ building: documentId('scope.building') }),
            z.strictObject({ billingPoint: documentId('scope.billingPoint') }),
            z.null(),
          ],
          { error: 'scope must be { "building": id }, { "billingPoint": id } or null (everything)' },
        )
        .optional(),
    },
    { error: 'The request body must be a JSON object { periodStart, periodEnd, scope }' },
  )
  .strict()
  .superRefine((body, ctx) => checkRequestPeriod(body, ctx, 'A charge period'));

/** What the admin sends to run charges (scope given explicitly; the API also accepts it absent). */
export type RunRequest = { periodStart: string; periodEnd: string; scope: RunScope };

/** The only change an invoice accepts: its note, while it is a draft. */
export const invoiceNoteSchema = z.strictObject(
  {
    note: z
      .string({ error: 'note must be text' })
      .max(2000, { error: 'note is at most 2000 characters' })
      .nullable(),
  },
  {
    error: 'Only { note } can be changed on an invoice',
  },
);

/**
 * Whether a `running` run was orphaned: the lease its holder renews is gone, held by
 * someone else, or expired longer than `graceMs` ago (its instance stopped or lost the
 * database). Such a run never finishes; it is marked failed.
 */
export function runOrphaned(
  lease: { holder: string; expiresAt: Date } | null,
  holder: string,
  now: Date,
  graceMs: number,
): boolean {
  if (!lease || lease.holder !== holder) return true;
  return now.getTime() >= lease.expiresAt.getTime() + graceMs;
}

/** The failure recorded on a run whose instance stopped before it ended. */
/** The database did not answer through every retry after an outage (see server charge-runs). */
export const databaseGoneFailure = (
  progress: RunProgress | null,
  attempts: number,
  outage: { code: string; message: string },
): RunFailure => {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  return {
    code: 'charge-run.database-unavailable',
    params: { done, total, attempts, reason: outage.code },
    message: `The run stopped after ${done} of ${total} billing points: the database connection was lost (${outage.code}) and did not come back through ${attempts} retries. None of its invoices were kept; run the period again.`,
  };
};

export const interruptedFailure = (progress: RunProgress | null): RunFailure => {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  return {
    code: 'charge-run.interrupted',
    params: { done, total },
    message: `The run stopped before it finished (${done} of ${total} billing points charged): the server charging it stopped or lost the database. None of its invoices were kept; run the period again.`,
  };
};
