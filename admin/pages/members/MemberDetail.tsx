import { useCallback, useEffect, useState } from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { toApiFailure } from '../../api/errors';
import { useMembersApi, type Member, type MemberLinks, type PropertyClaim } from '../../api/members-client';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';

const place = (p: { code: string | null; name: string | null; documentId: string }) =>
  p.code ? `${p.code} ${p.name ?? ''}` : p.documentId;
const period = (i: { from: string | null; to: string | null } | null) =>
  i ? `${i.from ?? '…'} – ${i.to ?? 'open'}` : '—';

/**
 * One member: their utility links today (read-only, with the reasons a meter is
 * hidden) and, for billing readers, their claims — approve / reject with billing.write.
 */
export function MemberDetail({ member, onChanged }: { member: Member; onChanged: () => void }) {
  const api = useMembersApi();
  const billing = usePluginPermissions('billing');
  const [links, setLinks] = useState<MemberLinks | null>(null);
  const [claims, setClaims] = useState<PropertyClaim[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setLinks(await api.links(member.id));
      setClaims(billing.can.read ? (await api.claims({ member: member.id, pageSize: 100 })).data : null);
      setFailure(null);
    } catch (error) {
      setFailure(toApiFailure(error).message);
    }
  }, [api, member.id, billing.can.read]);

  useEffect(() => {
    if (!billing.isLoading) load();
  }, [billing.isLoading, load]);

  const decide = async (claim: PropertyClaim, decision: 'approve' | 'reject') => {
    try {
      await api.decide(claim.documentId, decision);
      await load();
      onChanged();
    } catch (error) {
      setFailure(toApiFailure(error).message);
    }
  };

  return (
    <Box
      background="neutral0"
      padding={6}
      hasRadius
      shadow="filterShadow"
      marginTop={6}
      data-testid="member-detail"
    >
      <Typography
        variant="beta"
        tag="h2"
      >{`${member.username} — utility links on ${links?.at ?? '…'}`}</Typography>
      {failure && <Typography textColor="danger600">{failure}</Typography>}
      {links && (
        <Box paddingTop={4}>
          <Table colCount={5} rowCount={links.links.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Place</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Meter</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Installed</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Visible</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Why not</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {links.links.length === 0 && (
                <Tr>
                  <Td colSpan={5}>
                    <Typography>No claims, so no utilities.</Typography>
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
                  <Td>{l.visible ? <Badge active>Visible</Badge> : <Badge>Hidden</Badge>}</Td>
                  <Td>
                    <Typography textColor="neutral600">
                      {l.reasons.map((r) => r.message).join('; ') || '—'}
                    </Typography>
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
              Property claims
            </Typography>
          </Box>
          <Table colCount={4} rowCount={claims.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Place</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Status</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Note</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Decision</Typography>
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
                    <Badge>{c.status}</Badge>
                  </Td>
                  <Td>
                    <Typography textColor="neutral600">{c.note ?? '—'}</Typography>
                  </Td>
                  <Td>
                    {billing.can.write ? (
                      <Flex gap={2}>
                        {c.status !== 'approved' && (
                          <Button size="S" onClick={() => decide(c, 'approve')}>
                            Approve
                          </Button>
                        )}
                        {c.status !== 'rejected' && (
                          <Button size="S" variant="danger-light" onClick={() => decide(c, 'reject')}>
                            Reject
                          </Button>
                        )}
                      </Flex>
                    ) : (
                      <Typography textColor="neutral600">
                        {c.decidedAt ? c.decidedAt.slice(0, 10) : '—'}
                      </Typography>
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
