/**
 * Notices a resident gets about their own meters (issue: readings you can bill from,
 * "Residents"): the validation rules that concern the person living there, not only
 * the manager — water that never stops running (a leak) and a meter that shows no
 * consumption for days while the flat is occupied (a broken meter, or a tap left shut
 * off). The notice is the rule's flag itself; a resident's dismissal is theirs alone.
 */
export const NOTICE_KINDS = { 'continuous-flow': 'leak', zero: 'zero-consumption' } as const;

export type NoticeRule = keyof typeof NOTICE_KINDS;
export type NoticeKind = (typeof NOTICE_KINDS)[NoticeRule];

export const NOTICE_RULES = Object.keys(NOTICE_KINDS) as NoticeRule[];

export function noticeKindOf(rule: string): NoticeKind | null {
  return Object.hasOwn(NOTICE_KINDS, rule) ? NOTICE_KINDS[rule as NoticeRule] : null;
}

/** What the resident reads, in English; apps word `kind` themselves. */
export function noticeText(kind: NoticeKind, meterNumber: string, detail: string): string {
  return kind === 'leak'
    ? `Water has been running without a pause at meter ${meterNumber} (${detail}). Check taps, toilets and appliances for a leak.`
    : `Meter ${meterNumber} has shown no consumption (${detail}). If you have been using it, the meter may be faulty: please tell your property manager.`;
}
