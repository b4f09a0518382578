import type { ParsedBadge } from './input-schema';

/**
 * Who held an RFID badge on a day: the party of the active badge with that UID
 * whose validFrom … validTo (both included, open ends allowed) covers the day.
 * A UID nobody held that day is an exception; so is one two parties held at
 * once — the use cannot be charged to either without guessing.
 */
export type BadgeHolder =
  { kind: 'found'; partyId: string } | { kind: 'unknown' } | { kind: 'ambiguous'; partyIds: string[] };

export class BadgeRegister {
  private readonly byUid = new Map<string, ParsedBadge[]>();

  constructor(badges: readonly ParsedBadge[]) {
    for (const badge of badges) {
      if (!badge.active) continue;
      const list = this.byUid.get(badge.uid);
      if (list) list.push(badge);
      else this.byUid.set(badge.uid, [badge]);
    }
  }

  /** uid must already be normalized (normalizeBadgeUid). */
  holderOn(uid: string, day: number): BadgeHolder {
    const holders = new Set<string>();
    for (const badge of this.byUid.get(uid) ?? []) {
      if ((badge.fromDay === null || badge.fromDay <= day) && (badge.toDay === null || day <= badge.toDay)) {
        holders.add(badge.partyId);
      }
    }
    if (holders.size === 0) return { kind: 'unknown' };
    if (holders.size > 1) return { kind: 'ambiguous', partyIds: [...holders].sort() };
    return { kind: 'found', partyId: [...holders][0] };
  }
}
