/**
 * The text a picker shows for a record: enough to tell two alike apart (two
 * "M. Keller", two flats "A1" in different buildings), never an internal id.
 */
export type Labelled = {
  code?: string | null;
  name?: string | null;
};

const joined = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' · ');

/** "B-01 Seestrasse 4". */
export const codeNameLabel = (record: Labelled) => [record.code, record.name].filter(Boolean).join(' ');

/** "Anna Keller · anna@example.ch" (the phone where there is no email). */
export const partyLabel = (party: { displayName: string; email?: string | null; phone?: string | null }) =>
  joined(party.displayName, party.email ?? party.phone);

/** "A1 Flat 1 · B-01": the code first, as people type it, and the building it is in. */
export const billingPointLabel = (point: Labelled & { building?: { code: string } | null }) =>
  joined(codeNameLabel(point), point.building?.code);

/** "SN-4711 · kitchen (Cold water)", then where it measures today: "· at A1 · B-01". */
export const meterLabel = (
  device: {
    meterNumber: string;
    label?: string | null;
    utilityType?: { name: string } | null;
    installedAt?: { billingPoint: { code: string }; building: string | null } | null;
  },
  at: (place: string) => string,
) =>
  joined(
    `${joined(device.meterNumber, device.label)}${device.utilityType ? ` (${device.utilityType.name})` : ''}`,
    device.installedAt &&
      at(joined(device.installedAt.billingPoint.code, device.installedAt.building ?? undefined)),
  );
