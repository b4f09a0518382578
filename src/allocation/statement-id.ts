/**
 * A statement's id within its run: its billing point and party (documentIds,
 * letters and digits), joined by a dot. A run holds one statement per billing
 * point and party, so the pair names it — unlike its place in the list, it
 * names the same statement when a draft is run again.
 */
export const statementId = (s: { billingPointId: string; partyId: string }): string =>
  `${s.billingPointId}.${s.partyId}`;
