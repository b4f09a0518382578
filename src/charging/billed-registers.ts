/**
 * Two choices the charge run makes for each billing point before the engine runs,
 * kept here so they are rules and not database glue
 * (server/services/charging/charge-gathering.ts asks them):
 *
 * - which registers of a meter are billed: the registers its device declares; else
 *   the registers it has readings for. A device without a utility type that has no
 *   reading at all only posts usage records, so none of its registers are billed.
 * - who pays the vacant days: the billing point's own owner, else its building's.
 *   With neither, the billing point is not charged (a run exception says so).
 */

/** What the choice of registers needs to know of a device. */
export type RegisterChoiceDevice = {
  /** The device's declared registers as stored (a JSON list, or nothing). */
  registers: unknown;
  /** Whether the device has a utility type (a meter of a utility rather than a usage-only device). */
  hasUtilityType: boolean;
};

/** The declared registers, or null when the device declares none (then its readings decide). */
export function declaredRegisters(registers: unknown): string[] | null {
  return Array.isArray(registers) && registers.length ? registers.map(String) : null;
}

/** Whether the choice depends on which registers the meter has readings for (so they must be looked up). */
export function needsStoredRegisters(device: RegisterChoiceDevice): boolean {
  return declaredRegisters(device.registers) === null || !device.hasUtilityType;
}

/**
 * The registers billed for a meter. `stored`: the registers it has readings for (only
 * consulted when `needsStoredRegisters` says so; pass [] otherwise).
 */
export function billedRegisters(device: RegisterChoiceDevice, stored: string[]): string[] {
  if (!device.hasUtilityType && stored.length === 0) return [];
  return declaredRegisters(device.registers) ?? stored;
}

/** The party who pays a billing point's vacant days: its own owner, else its building's; null when neither. */
export function ownerOf(
  pointOwner: string | null | undefined,
  buildingOwner: string | null | undefined,
): string | null {
  return pointOwner || buildingOwner || null;
}

/** The run exception of a billing point that has no owner to fall back on. */
export function noOwnerException(point: { documentId: string; code: string }) {
  return {
    kind: 'no-owner',
    code: 'billing-point-no-owner',
    params: { point: point.code },
    billingPointId: point.documentId,
    message: `Billing point ${point.code} has no owner (neither its own nor its building’s): set one so vacant days have someone to pay them`,
  };
}
