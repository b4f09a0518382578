import type { MessageDescriptor } from 'react-intl';
import { msg, type Translate } from '../../utils/useT';

/** Why a meter is hidden from a member, by the reason code src/members/utility-links.ts gives. */
const REASONS: Record<string, MessageDescriptor> = {
  'untagged-device': msg('members.reason.untagged-device', 'The device is not tagged with a utility type'),
  'claim-pending': msg('members.reason.claim-pending', 'The property claim is waiting for approval'),
  'claim-rejected': msg('members.reason.claim-rejected', 'The property claim was rejected'),
  'no-device-installed': msg(
    'members.reason.no-device-installed',
    'No device is installed at this billing point',
  ),
  'installation-not-started': msg(
    'members.reason.installation-not-started',
    'The device is installed here only from a later date',
  ),
  'installation-ended': msg('members.reason.installation-ended', 'The device is no longer installed here'),
};

export const CLAIM_STATUS: Record<string, MessageDescriptor> = {
  pending: msg('members.claim.pending', 'pending'),
  approved: msg('members.claim.approved', 'approved'),
  rejected: msg('members.claim.rejected', 'rejected'),
};

/** The reasons in the admin's language; an unknown code keeps the server's English. */
export const reasonsText = (reasons: { code: string; message: string }[], t: Translate) =>
  reasons.map((r) => (REASONS[r.code] ? t(REASONS[r.code]) : r.message)).join('; ');

export const claimStatus = (status: string, t: Translate) =>
  CLAIM_STATUS[status] ? t(CLAIM_STATUS[status]) : status;
