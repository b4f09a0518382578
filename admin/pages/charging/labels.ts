import type { MessageDescriptor } from 'react-intl';
import type { ChargeRun, RunFailure, RunScope } from '../../api/charging-client';
import type { Formatter } from '../../utils/format';
import { msg, type Translate } from '../../utils/useT';

export const CHARGING_BASE = '/plugins/utilities/charging';

/** Exception kinds (src/charging) in words; an unknown kind shows as sent. */
export const EXCEPTION_KINDS: Record<string, MessageDescriptor> = {
  ambiguous: msg('charging.exception.ambiguous', 'Ambiguous'),
  'conflicting-reads': msg('charging.exception.conflicting-reads', 'Conflicting readings'),
  'conflicting-usage-records': msg(
    'charging.exception.conflicting-usage-records',
    'Conflicting usage records',
  ),
  'invalid-data': msg('charging.exception.invalid-data', 'Invalid data'),
  'missing-read': msg('charging.exception.missing-read', 'Missing reading'),
  'mixed-kinds': msg('charging.exception.mixed-kinds', 'Mixed kinds'),
  'negative-consumption': msg('charging.exception.negative-consumption', 'Negative consumption'),
  'negative-delta': msg('charging.exception.negative-delta', 'Counter went backwards'),
  'no-owner': msg('charging.exception.no-owner', 'No owner'),
  'out-of-range': msg('charging.exception.out-of-range', 'Out of range'),
  'period-finalized': msg('charging.exception.period-finalized', 'Period already finalized'),
  'no-rate': msg('charging.exception.no-rate', 'No rate'),
  'community-not-billed': msg('charging.exception.community-not-billed', 'Community energy not billed'),
  'community-no-meter': msg('charging.exception.community-no-meter', 'Community member without a meter'),
  'community-interval-problem': msg(
    'charging.exception.community-interval-problem',
    'Community intervals not split',
  ),
};

export const ROLES: Record<string, MessageDescriptor> = {
  occupant: msg('charging.role.occupant', 'occupant'),
  owner: msg('charging.role.owner', 'owner'),
  'badge-holder': msg('charging.role.badge-holder', 'badge holder'),
};

export const totalsText = (run: { totals: ChargeRun['totals'] }, fmt: Formatter) =>
  run.totals.length ? run.totals.map((total) => fmt.money(total.gross, total.currency)).join(' · ') : '—';

/** What a run covers, naming the building or billing point (`names`: documentId → "code name"). */
export const scopeText = (scope: RunScope, t: Translate, names: (id: string) => string | undefined) =>
  scope === null
    ? t('charging.scope.all', 'All billing points')
    : 'building' in scope
      ? t('charging.scope.building-named', 'Building {name}', {
          name: names(scope.building) ?? scope.building,
        })
      : t('charging.scope.point-named', 'Billing point {name}', {
          name: names(scope.billingPoint) ?? scope.billingPoint,
        });

/** Why a run failed, by its code (server/services/charging/charge-runs.ts); the server's text otherwise. */
export const RUN_FAILURES: Record<string, MessageDescriptor> = {
  'charge-run.interrupted': msg(
    'charging.failure.interrupted',
    'The run stopped before it finished ({done, number} of {total, number} billing points charged): the server charging it stopped or lost the database. None of its invoices were kept; run the period again.',
  ),
  'charge-run.conflict': msg(
    'charging.failure.conflict',
    'While this run was charging, another run finalized the period for its billing point. Void that run first to charge it again.',
  ),
  'charge-run.failed': msg('charging.failure.failed', 'The run failed: {reason}'),
  'charge-run.database-unavailable': msg(
    'charging.failure.database-unavailable',
    'The run stopped after {done, number} of {total, number} billing points: the database connection was lost ({reason}) and did not come back through {attempts, number} retries. None of its invoices were kept; run the period again.',
  ),
};

export const failureText = (failure: RunFailure, t: Translate) =>
  RUN_FAILURES[failure.code] ? t(RUN_FAILURES[failure.code], failure.params ?? {}) : failure.message;
