import { useEffect, useRef, useState } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { toApiFailure } from '../../api/errors';
import { useMembersApi, type Member, type MemberLinks, type PropertyClaim } from '../../api/members-client';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { claimStatus, reasonsText } from './reasons';
import { allPages } from '../../api/all-pages';

const place = (p: { code: string | null; name: string | null; documentId: string }) =>
  p.code ? `${p.code} ${p.name ?? ''}` : p.documentId;

/**
 * One member: their utility links today (read-only, with the reasons a meter is
 * hidden) and, for billing readers, their claims — approve / reject with billing.write.
 */
export function MemberDetail({ member, onChanged }: { member: Member; onChanged: () => void }) {
  const api = useMembersApi();
  const billing = usePluginPermissions('billing');
  const t = useT();
  const fmt = useFormat();
  const period = (i: { from: string | null; to: string | null } | null) =>
    i
      ? t('format.date-range', '{from} – {to}', {
          from: i.from ? fmt.date(i.from) : '…',
          to: i.to ? fmt.date(i.to) : t('members.open-ended', 'open'),
        })
      : '—';
  const loaded = useLoader(
    async () => ({
      links: await api.links(member.id),
      claims: billing.can.read
        ? (await allPages((page) => api.claims({ member: member.id, ...page }))).data
        : null,
    }),
    [api, member.id, billing.can.read],
    !billing.isLoading,
  );
  const links: MemberLinks | null = loaded.data?.links ?? null;
  const claims: PropertyClaim[] | null = loaded.data?.claims ?? null;
  // A refused decision on this member's claims; the next successful decision clears it.
  const [refused, setRefused] = useState<{ memberId: number; message: string } | null>(null);
  const failure = (refused?.memberId === member.id ? refused.message : null) ?? loaded.error;

  const decide = async (claim: PropertyClaim, decision: 'approve' | 'reject') => {
    try {
      await api.decide(claim.documentId, decision);
      await loaded.reload();
      setRefused(null);
      onChanged();
    } catch (error) {
      setRefused({ memberId: member.id, message: toApiFailure(error, t).message });
    }
  };

  // A member picked in the list below the fold: their detail scrolls into view.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start' });
  }, [member.id]);

  return (
    <Box
      ref={box}
      background="neutral0"
      padding={6}
      hasRadius
      shadow="filterShadow"
      marginTop={6}
      data-testid="member-detail"
    >
      <Typography variant="beta" tag="h2">
        {t('members.detail-title', '{username} — utility links on {date}', {
          username: member.username,
          date: links ? fmt.date(links.at) : '…',
        })}
      </Typography>
      {failure && <Typography textColor="danger600">{failure}</Typography>}
      {links && (
        <Box paddingTop={4}>
          <Table colCount={5} rowCount={links.links.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('members.col.place', 'Place')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.device', 'Meter')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.installed', 'Installed')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.visible', 'Visible')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.why-not', 'Why not')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {links.links.length === 0 && (
                <Tr>
                  <Td colSpan={5}>
                    <Typography>{t('members.no-claims', 'No claims, so no utilities.')}</Typography>
                  </Td>
                </Tr>
              )}
              {links.links.map((l, i) => (
                <Tr key={`${l.claim.documentId}-${l.device?.documentId ?? i}`}>
                  <Td>
                    <Typography>{place(l.billingPoint)}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {l.device
                        ? `${l.device.meterNumber ?? l.device.documentId}${l.device.utilityType ? ` (${l.device.utilityType.name})` : ''}`
                        : '—'}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{period(l.installation)}</Typography>
                  </Td>
                  <Td>
                    {l.visible ? (
                      <Badge variant="success">{t('members.visible', 'Visible')}</Badge>
                    ) : (
                      <Badge>{t('members.hidden', 'Hidden')}</Badge>
                    )}
                  </Td>
                  <Td>
                    <Typography textColor="neutral600">{reasonsText(l.reasons, t) || '—'}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
      {claims && (
        <Box paddingTop={6}>
          <Box paddingBottom={2}>
            <Typography variant="delta" tag="h3">
              {t('members.claims', 'Property claims')}
            </Typography>
          </Box>
          <Table colCount={4} rowCount={claims.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('members.col.place', 'Place')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('channels.col.status', 'Status')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('field.note', 'Note')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('members.col.decision', 'Decision')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {claims.map((c) => (
                <Tr key={c.documentId}>
                  <Td>
                    <Typography>{place(c.billingPoint)}</Typography>
                  </Td>
                  <Td>
                    <Badge>{claimStatus(c.status, t)}</Badge>
                  </Td>
                  <Td>
                    <Typography textColor="neutral600">{c.note ?? '—'}</Typography>
                  </Td>
                  <Td>
                    {billing.can.write ? (
                      <Flex gap={2}>
                        {c.status !== 'approved' && (
                          <Button size="S" onClick={() => decide(c, 'approve')}>
                            {t('members.approve', 'Approve')}
                          </Button>
                        )}
                        {c.status !== 'rejected' && (
                          <Button size="S" variant="danger-light" onClick={() => decide(c, 'reject')}>
                            {t('members.reject', 'Reject')}
                          </Button>
                        )}
                      </Flex>
                    ) : (
                      <Typography textColor="neutral600">{fmt.dateTime(c.decidedAt)}</Typography>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
