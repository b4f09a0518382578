import type { CalendarDate } from '../billing/dates';

/**
 * How utilities link to members (utilities guide): there is no manual link. A
 * device tagged with a utility type is a utility; a member sees it wherever it
 * is installed at a billing point they hold an APPROVED property claim on, for
 * the installation period. This module derives those links for one day and,
 * for every candidate device, says why it is or is not visible — the admin's
 * read-only view and the resident API both rest on it, so they cannot disagree.
 */
export type ClaimStatus = 'pending' | 'approved' | 'rejected';

export type LinkClaim = { id: string; billingPointId: string; status: ClaimStatus };
export type LinkInstallation = {
  id: string;
  deviceId: string;
  billingPointId: string;
  from: CalendarDate;
  to: CalendarDate | null;
};
export type LinkDevice = { id: string; utilityTypeId: string | null };

/** Why a candidate is not visible; several can apply at once. */
export const HIDDEN_REASONS = [
  'untagged-device',
  'claim-pending',
  'claim-rejected',
  'no-device-installed',
  'installation-not-started',
  'installation-ended',
] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

export const REASON_TEXT: Record<HiddenReason, string> = {
  'untagged-device': 'The device is not tagged with a utility type',
  'claim-pending': 'The property claim is waiting for approval',
  'claim-rejected': 'The property claim was rejected',
  'no-device-installed': 'No device is installed at this billing point',
  'installation-not-started': 'The device is installed here only from a later date',
  'installation-ended': 'The device is no longer installed here',
};

export type UtilityLink = {
  claimId: string;
  billingPointId: string;
  claimStatus: ClaimStatus;
  /** null for a claimed place without any installation (reason no-device-installed). */
  deviceId: string | null;
  installationId: string | null;
  from: CalendarDate | null;
  to: CalendarDate | null;
  visible: boolean;
  reasons: HiddenReason[];
};

const CLAIM_REASON: Record<ClaimStatus, HiddenReason | null> = {
  approved: null,
  pending: 'claim-pending',
  rejected: 'claim-rejected',
};

/** Whether `at` lies in [from, to] (calendar dates compare as yyyy-MM-dd text; to null = open). */
function windowReason(installation: LinkInstallation, at: CalendarDate): HiddenReason | null {
  if (installation.from > at) return 'installation-not-started';
  if (installation.to !== null && installation.to < at) return 'installation-ended';
  return null;
}

/**
 * One candidate per (claim, device) — the device's installation that matters on
 * `at` is the one covering it, else the latest that started, else the next one.
 * A claimed place with no installation at all is one candidate with no device.
 */
export function deriveUtilityLinks(input: {
  claims: LinkClaim[];
  installations: LinkInstallation[];
  devices: LinkDevice[];
  at: CalendarDate;
}): UtilityLink[] {
  const deviceById = new Map(input.devices.map((d) => [d.id, d]));
  const links: UtilityLink[] = [];
  for (const claim of input.claims) {
    const claimReason = CLAIM_REASON[claim.status];
    const here = input.installations.filter((i) => i.billingPointId === claim.billingPointId);
    if (here.length === 0) {
      const reasons: HiddenReason[] = [...(claimReason ? [claimReason] : []), 'no-device-installed'];
      links.push({
        claimId: claim.id,
        billingPointId: claim.billingPointId,
        claimStatus: claim.status,
        deviceId: null,
        installationId: null,
        from: null,
        to: null,
        visible: false,
        reasons,
      });
      continue;
    }
    const byDevice = new Map<string, LinkInstallation[]>();
    for (const i of here) byDevice.set(i.deviceId, [...(byDevice.get(i.deviceId) ?? []), i]);
    for (const [deviceId, list] of [...byDevice.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const installation = relevantInstallation(list, input.at);
      const device = deviceById.get(deviceId);
      const reasons: HiddenReason[] = [];
      if (claimReason) reasons.push(claimReason);
      const window = windowReason(installation, input.at);
      if (window) reasons.push(window);
      // A device that no longer exists is treated like an untagged one: nothing to show.
      if (!device || !device.utilityTypeId) reasons.push('untagged-device');
      links.push({
        claimId: claim.id,
        billingPointId: claim.billingPointId,
        claimStatus: claim.status,
        deviceId,
        installationId: installation.id,
        from: installation.from,
        to: installation.to,
        visible: reasons.length === 0,
        reasons,
      });
    }
  }
  return links;
}

function relevantInstallation(list: LinkInstallation[], at: CalendarDate): LinkInstallation {
  const covering = list.find((i) => windowReason(i, at) === null);
  if (covering) return covering;
  const started = list.filter((i) => i.from <= at).sort((a, b) => (a.from < b.from ? 1 : -1));
  if (started.length) return started[0];
  return [...list].sort((a, b) => (a.from < b.from ? -1 : 1))[0];
}

/** The devices a member may see on `at`: visible links, one entry per device. */
export function visibleDeviceIds(links: UtilityLink[]): string[] {
  return [...new Set(links.filter((l) => l.visible && l.deviceId).map((l) => l.deviceId as string))];
}

/**
 * The days whose readings of a visible device belong to the member: every
 * installation of that device at a place with an approved claim, up to `at`
 * (readings from before the device came to the member's place stay private).
 */
export function readableWindows(
  deviceId: string,
  claims: LinkClaim[],
  installations: LinkInstallation[],
  at: CalendarDate,
): { from: CalendarDate; to: CalendarDate }[] {
  const approved = new Set(claims.filter((c) => c.status === 'approved').map((c) => c.billingPointId));
  return installations
    .filter((i) => i.deviceId === deviceId && approved.has(i.billingPointId) && i.from <= at)
    .map((i) => ({ from: i.from, to: i.to !== null && i.to < at ? i.to : at }))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
}
