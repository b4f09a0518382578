import { useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, Cross } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useBillingApi, type BillingPoint } from '../../api/billing-client';
import { toApiFailure } from '../../api/errors';
import { useMembersApi, type PropertyClaim } from '../../api/members-client';
import { useLoader } from '../../hooks/useLoader';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { allPages } from '../../api/all-pages';

/**
 * The pending property claims, all members together: who claims which billing point,
 * beside who occupies it today — the fact an admin checks before approving — and
 * approve or reject one, some or all at once (billing.write). Each decision is its own
 * request; the notification says how many went through and why any did not.
 */
export function ClaimsInbox({ canDecide, onDecided }: { canDecide: boolean; onDecided: () => void }) {
  const api = useMembersApi();
  const billing = useBillingApi();
  const t = useT();
  const fmt = useFormat();
  const { toggleNotification } = useNotification();
  const claims = useLoader(() => allPages((page) => api.claims({ status: 'pending', ...page })), [api]);
  const members = useLoader(() => allPages((page) => api.list(page)), [api]);
  const pending = claims.data?.data ?? [];
  const pointIds = [...new Set(pending.map((c) => c.billingPoint.documentId))].sort().join(',');
  const points = useLoader(async () => {
    const found = await Promise.all(
      pointIds
        .split(',')
        .filter(Boolean)
        .map((id) => billing.billingPoints.get(id).catch(() => null)),
    );
    return new Map(found.filter((p): p is BillingPoint => p !== null).map((p) => [p.documentId, p]));
  }, [billing, pointIds]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [deciding, setDeciding] = useState(false);

  const memberName = (claim: PropertyClaim) =>
    members.data?.data.find((m) => m.id === claim.memberId)?.username ??
    t('billing.parties.member-n', 'Account #{id}', { id: claim.memberId });
  const pointName = (claim: PropertyClaim) =>
    [claim.billingPoint.code, claim.billingPoint.name].filter(Boolean).join(' ') ||
    claim.billingPoint.documentId;
  const occupantText = (claim: PropertyClaim) => {
    const point = points.data?.get(claim.billingPoint.documentId);
    if (!point) return '…';
    return point.currentOccupant
      ? t('billing.points.occupant-since', '{name} (since {date})', {
          name: point.currentOccupant.party?.displayName ?? '—',
          date: fmt.date(point.currentOccupant.entryDate),
        })
      : t('billing.point.vacant', 'Vacant');
  };

  async function decide(ids: string[], decision: 'approve' | 'reject') {
    setDeciding(true);
    const outcomes = await Promise.allSettled(ids.map((id) => api.decide(id, decision)));
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    const done = outcomes.length - failed.length;
    toggleNotification({
      type: failed.length ? 'warning' : 'success',
      message: [
        decision === 'approve'
          ? t('members.inbox.approved', '{count, plural, one {# claim approved} other {# claims approved}}', {
              count: done,
            })
          : t('members.inbox.rejected', '{count, plural, one {# claim rejected} other {# claims rejected}}', {
              count: done,
            }),
        ...(failed.length
          ? [
              t(
                'members.inbox.failed',
                '{count, plural, one {# could not be decided} other {# could not be decided}}: {reason}',
                {
                  count: failed.length,
                  reason: toApiFailure(failed[0].reason, t).message,
                },
              ),
            ]
          : []),
      ].join('. '),
    });
    setChosen(new Set());
    setDeciding(false);
    await claims.reload();
    onDecided();
  }

  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allChosen = pending.length > 0 && pending.every((c) => chosen.has(c.documentId));
  const selected = pending.filter((c) => chosen.has(c.documentId)).map((c) => c.documentId);

  return (
    <Box
      background="neutral0"
      padding={6}
      hasRadius
      shadow="tableShadow"
      marginBottom={6}
      data-testid="claims-inbox"
    >
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={4} gap={2} wrap="wrap">
        <Typography variant="delta" tag="h2">
          {t('members.inbox.title', 'Pending claims ({count})', { count: pending.length })}
        </Typography>
        {canDecide && (
          <Flex gap={2}>
            <Button
              startIcon={<Check />}
              disabled={selected.length === 0}
              loading={deciding}
              onClick={() => void decide(selected, 'approve')}
            >
              {t('members.inbox.approve-selected', 'Approve selected ({count})', { count: selected.length })}
            </Button>
            <Button
              variant="danger-light"
              startIcon={<Cross />}
              disabled={selected.length === 0}
              loading={deciding}
              onClick={() => void decide(selected, 'reject')}
            >
              {t('members.inbox.reject-selected', 'Reject selected ({count})', { count: selected.length })}
            </Button>
          </Flex>
        )}
      </Flex>
      {claims.error && <Typography textColor="danger600">{claims.error}</Typography>}
      {claims.data && pending.length === 0 && (
        <Typography textColor="neutral600">
          {t('members.inbox.empty', 'No claim is waiting for a decision.')}
        </Typography>
      )}
      {pending.length > 0 && (
        <Table colCount={canDecide ? 5 : 4} rowCount={pending.length + 1}>
          <Thead>
            <Tr>
              {canDecide && (
                <Th>
                  <Checkbox
                    aria-label={t('members.inbox.select-all', 'Select all pending claims')}
                    checked={allChosen ? true : selected.length ? 'indeterminate' : false}
                    onCheckedChange={(on: boolean | 'indeterminate') =>
                      setChosen(on === true ? new Set(pending.map((c) => c.documentId)) : new Set())
                    }
                  />
                </Th>
              )}
              <Th>
                <Typography variant="sigma">{t('field.member', 'Member')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('error.entity.billing-point', 'Billing point')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {t('billing.points.occupant-today', 'Occupant today')}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('members.inbox.claimed-on', 'Claimed on')}</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {pending.map((claim) => (
              <Tr key={claim.documentId} data-testid={`claim-${claim.billingPoint.code ?? claim.documentId}`}>
                {canDecide && (
                  <Td>
                    <Checkbox
                      aria-label={t('members.inbox.select', 'Select the claim of {member} on {point}', {
                        member: memberName(claim),
                        point: pointName(claim),
                      })}
                      checked={chosen.has(claim.documentId)}
                      onCheckedChange={(on: boolean | 'indeterminate') =>
                        toggle(claim.documentId, on === true)
                      }
                    />
                  </Td>
                )}
                <Td>
                  <Typography fontWeight="bold">{memberName(claim)}</Typography>
                </Td>
                <Td>
                  <Typography>{pointName(claim)}</Typography>
                </Td>
                <Td>
                  <Typography>{occupantText(claim)}</Typography>
                </Td>
                <Td>
                  <Typography>{fmt.dateTime(claim.createdAt)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Box>
  );
}
