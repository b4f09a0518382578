import fc from 'fast-check';
import {
  RUN_STATUSES,
  canTransition,
  interruptedFailure,
  invoiceNoteSchema,
  runOrphaned,
  runRequestSchema,
  RunSums,
  invoicesIn,
  scopeKeyOf,
  transitionRefusal,
} from '../../../src/charging/charge-run';

describe('charge-run lifecycle', () => {
  it('allows draft → finalized, draft → void and finalized → void, and nothing else', () => {
    const allowed: string[] = [];
    for (const from of RUN_STATUSES)
      for (const to of RUN_STATUSES) if (canTransition(from, to)) allowed.push(`${from}→${to}`);
    expect(allowed).toEqual(['draft→finalized', 'draft→void', 'finalized→void']);
  });

  it('says why a finalize or a void is refused, and nothing when it is allowed', () => {
    expect(transitionRefusal('r1', 'draft', 'finalized')).toBeNull();
    expect(transitionRefusal('r1', 'draft', 'void')).toBeNull();
    expect(transitionRefusal('r1', 'finalized', 'void')).toBeNull();
    expect(transitionRefusal('r1', 'finalized', 'finalized')).toBe(
      'Charge run r1 is finalized; only a draft can be finalized',
    );
    expect(transitionRefusal('r1', 'void', 'finalized')).toBe(
      'Charge run r1 is void; only a draft can be finalized',
    );
    expect(transitionRefusal('r1', 'void', 'void')).toBe('Charge run r1 is already void');
  });

  it('refuses to finalize or void a run still running or failed', () => {
    for (const to of ['finalized', 'void'] as const) {
      expect(transitionRefusal('r1', 'running', to)).toBe(
        'Charge run r1 is still running; wait until it is a draft',
      );
      expect(transitionRefusal('r1', 'failed', to)).toBe(
        'Charge run r1 failed; run the period again instead',
      );
    }
  });

  it('finds a running run orphaned when its lease is gone, taken, or expired beyond the grace', () => {
    const now = new Date('2024-06-01T12:00:00Z');
    const lease = (holder: string, expiresInMs: number) => ({
      holder,
      expiresAt: new Date(now.getTime() + expiresInMs),
    });
    expect(runOrphaned(null, 'a', now, 5000)).toBe(true);
    expect(runOrphaned(lease('b', 60_000), 'a', now, 5000)).toBe(true);
    expect(runOrphaned(lease('a', 60_000), 'a', now, 5000)).toBe(false);
    expect(runOrphaned(lease('a', -4_999), 'a', now, 5000)).toBe(false); // within the grace
    expect(runOrphaned(lease('a', -5_000), 'a', now, 5000)).toBe(true);
  });

  it('says how far an interrupted run got, with a stable code', () => {
    expect(interruptedFailure({ done: 500, total: 1200 })).toEqual({
      code: 'charge-run.interrupted',
      params: { done: 500, total: 1200 },
      message:
        'The run stopped before it finished (500 of 1200 billing points charged): the server charging it stopped or lost the database. None of its invoices were kept; run the period again.',
    });
  });

  it('keys a scope so the same period and scope name the same draft', () => {
    expect(scopeKeyOf(null)).toBe('all');
    expect(scopeKeyOf({ building: 'b1' })).toBe('building:b1');
    expect(scopeKeyOf({ billingPoint: 'p1' })).toBe('billing-point:p1');
  });
});

type Staged = { currency: string; totals: { net: string; vat: string; gross: string } };
const summed = (invoices: Staged[]) => {
  const sums = new RunSums();
  for (const i of invoices) sums.add(i.currency, i.totals);
  return sums;
};

describe('run totals', () => {
  it('sums per currency in decimal, sorted by currency, with the minor unit printed', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; the run shows 0.30.
    const sums = summed([
      { currency: 'EUR', totals: { net: '0.10', vat: '0.01', gross: '0.11' } },
      { currency: 'CHF', totals: { net: '100.00', vat: '8.10', gross: '108.10' } },
      { currency: 'EUR', totals: { net: '0.20', vat: '0.02', gross: '0.22' } },
      { currency: 'JPY', totals: { net: '1000', vat: '100', gross: '1100' } },
    ]);
    expect(sums.totals()).toEqual([
      { currency: 'CHF', invoices: 1, net: '100.00', vat: '8.10', gross: '108.10' },
      { currency: 'EUR', invoices: 2, net: '0.30', vat: '0.03', gross: '0.33' },
      { currency: 'JPY', invoices: 1, net: '1000', vat: '100', gross: '1100' },
    ]);
    expect(sums.invoices()).toBe(4);
    expect(invoicesIn(sums.totals())).toBe(4);
  });

  it('takes away the invoices a run drops, and a currency left without any drops out', () => {
    const sums = summed([
      { currency: 'CHF', totals: { net: '100.00', vat: '8.10', gross: '108.10' } },
      { currency: 'CHF', totals: { net: '0.35', vat: '0.03', gross: '0.38' } },
      { currency: 'EUR', totals: { net: '10.00', vat: '0.81', gross: '10.81' } },
    ]);
    const kept = sums.copy();
    kept.remove('CHF', { net: '0.35', vat: '0.03', gross: '0.38' });
    kept.remove('EUR', { net: '10.00', vat: '0.81', gross: '10.81' });
    // 100.35 − 0.35 = 100.00; 8.13 − 0.03 = 8.10; 108.48 − 0.38 = 108.10; EUR: 1 − 1 = 0 invoices.
    expect(kept.totals()).toEqual([
      { currency: 'CHF', invoices: 1, net: '100.00', vat: '8.10', gross: '108.10' },
    ]);
    // The copy is taken from, not the sums it was copied from (a hand-over tried again starts from them).
    expect(sums.totals()).toEqual([
      { currency: 'CHF', invoices: 2, net: '100.35', vat: '8.13', gross: '108.48' },
      { currency: 'EUR', invoices: 1, net: '10.00', vat: '0.81', gross: '10.81' },
    ]);
    expect(() => kept.remove('EUR', { net: '1.00', vat: '0.00', gross: '1.00' })).toThrow(/no EUR invoice/);
  });

  it('is empty for a run without invoices', () => {
    expect(new RunSums().totals()).toEqual([]);
    expect(new RunSums().invoices()).toBe(0);
  });

  it('taking away any invoices gives exactly the totals of those kept', () => {
    const cents = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => (c / 100).toFixed(2));
    const invoice = fc.record({
      currency: fc.constantFrom('CHF', 'EUR'),
      totals: fc.record({ net: cents, vat: cents, gross: cents }),
      dropped: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(invoice, { maxLength: 60 }), (invoices) => {
        const kept = summed(invoices).copy();
        for (const i of invoices.filter((i) => i.dropped)) kept.remove(i.currency, i.totals);
        expect(kept.totals()).toEqual(summed(invoices.filter((i) => !i.dropped)).totals());
      }),
    );
  });
});

describe('run request', () => {
  const ok = (body: unknown) => runRequestSchema.safeParse(body).success;
  const messages = (body: unknown) => {
    const result = runRequestSchema.safeParse(body);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a period with each kind of scope, or none', () => {
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30' })).toBe(true);
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30', scope: null })).toBe(true);
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-01', scope: { building: 'b' } })).toBe(true);
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30', scope: { billingPoint: 'p' } })).toBe(
      true,
    );
  });

  it('refuses impossible dates, a reversed period, a period over 1830 days and unknown fields', () => {
    expect(messages({ periodStart: '2024-02-30', periodEnd: '2024-03-31' })).toEqual([
      'periodStart: periodStart must be a real date written yyyy-MM-dd',
    ]);
    expect(messages({ periodStart: '2024-06-30', periodEnd: '2024-06-01' })).toEqual([
      'periodEnd: periodEnd must not be before periodStart',
    ]);
    // 2020-01-01 … 2025-01-04 is 1831 days (2020 and 2024 are leap years).
    expect(messages({ periodStart: '2020-01-01', periodEnd: '2025-01-04' })).toEqual([
      'periodEnd: A charge period is at most 1830 days',
    ]);
    expect(ok({ periodStart: '2020-01-01', periodEnd: '2025-01-03' })).toBe(true);
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30', extra: 1 })).toBe(false);
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30', scope: { building: 'b', x: 1 } })).toBe(
      false,
    );
    expect(ok({ periodStart: '2024-06-01', periodEnd: '2024-06-30', scope: { building: '  ' } })).toBe(false);
  });

  it('lets only the note of an invoice change', () => {
    expect(invoiceNoteSchema.safeParse({ note: 'paid by transfer' }).success).toBe(true);
    expect(invoiceNoteSchema.safeParse({ note: null }).success).toBe(true);
    expect(invoiceNoteSchema.safeParse({ note: 'x'.repeat(2001) }).success).toBe(false);
    expect(invoiceNoteSchema.safeParse({ note: 'x', totals: {} }).success).toBe(false);
  });
});
