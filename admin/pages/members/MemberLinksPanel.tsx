import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { useMembersApi } from '../../api/members-client';
import { useLoader } from '../../hooks/useLoader';
import { usePluginPermissions } from '../../hooks/usePluginPermissions';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/useT';
import { claimStatus, reasonsText } from './reasons';

export const USER_MODEL = 'plugin::users-permissions.user';
export const MEMBERS_PATH = '/plugins/utilities/members';

type PanelProps = { model: string; document?: { id?: number | string; username?: string } | null };

/**
 * The member's utility links in the Content Manager's edit view of a
 * users-permissions user (the guide: "admins view a member's links on the member's
 * record"). A Content Manager side-panel description: called like a hook with the
 * edit view's context, it answers { title, content } or null — null for any other
 * model, for a user not saved yet, and for admins without links.read (the endpoint
 * refuses them too).
 */
export function MemberLinksPanel({ model, document }: PanelProps) {
  const { can, isLoading } = usePluginPermissions('links');
  const t = useT();
  const userId = Number(document?.id);
  if (model !== USER_MODEL || !Number.isInteger(userId) || userId <= 0) return null;
  if (isLoading || !can.read) return null;
  return {
    title: t('members.panel-title', 'Utility links'),
    content: <MemberLinksContent userId={userId} username={document?.username ?? ''} />,
  };
}

function MemberLinksContent({ userId, username }: { userId: number; username: string }) {
  const api = useMembersApi();
  const t = useT();
  const fmt = useFormat();
  const links = useLoader(() => api.links(userId), [api, userId]);
  const to = `${MEMBERS_PATH}?${new URLSearchParams({ search: username, member: String(userId) })}`;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="member-links-panel">
      {links.error && <Typography textColor="danger600">{links.error}</Typography>}
      {links.data && links.data.links.length === 0 && (
        <Typography textColor="neutral600">
          {t('members.panel-no-claims', 'No property claims, so no utilities.')}
        </Typography>
      )}
      {links.data?.links.map((l, i) => (
        <Box
          key={`${l.claim.documentId}-${l.device?.documentId ?? i}`}
          paddingBottom={2}
          borderColor="neutral150"
          borderStyle="solid"
          borderWidth="0 0 1px 0"
        >
          <Flex justifyContent="space-between" gap={2}>
            <Typography variant="omega" fontWeight="bold">
              {l.device
                ? `${l.device.meterNumber ?? l.device.documentId}${l.device.utilityType ? ` · ${l.device.utilityType.name}` : ''}`
                : t('members.no-meter', 'No meter')}
            </Typography>
            {l.visible ? (
              <Badge variant="success">{t('members.visible', 'Visible')}</Badge>
            ) : (
              <Badge>{t('members.hidden', 'Hidden')}</Badge>
            )}
          </Flex>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t('members.panel-place', '{place} · claim {status}', {
              place: `${l.billingPoint.code ?? l.billingPoint.documentId}${l.billingPoint.name ? ` ${l.billingPoint.name}` : ''}`,
              status: claimStatus(l.claim.status, t),
            })}
          </Typography>
          {l.reasons.length > 0 && (
            <Typography variant="pi" tag="p">
              {reasonsText(l.reasons, t)}
            </Typography>
          )}
        </Box>
      ))}
      {links.data && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'members.panel-as-of',
            'As of {date}. Links are derived from claims and installations; they are never edited.',
            { date: fmt.date(links.data.at) },
          )}
        </Typography>
      )}
      <Link tag={NavLink} to={to}>
        {t('members.open-in-members', 'Open in Members')}
      </Link>
    </Flex>
  );
}
