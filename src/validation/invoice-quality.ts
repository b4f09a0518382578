import { DateTime } from 'luxon';
import type { Invoice } from '../charging/types';

/**
 * Invoice lines say when a replacement value went into them: a consumption line
 * whose quantity rests on an estimated or edited reading carries `readQuality`
 * (the states and the estimation methods), so the bill and the statement can say
 * "estimated" (Ersatzwert, valeur de remplacement, valore sostitutivo).
 */
export type ReadMark = {
  meterNumber: string;
  register: string;
  at: number;
  state: 'estimated' | 'edited';
  method: string | null;
};

export type LineReadQuality = { estimated: number; edited: number; methods: string[] };

export function markLineQuality(invoices: Invoice[], marks: readonly ReadMark[], timeZone: string): void {
  if (marks.length === 0) return;
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'consumption') continue;
      const mine = marks.filter((m) => m.meterNumber === line.meterNumber && m.register === line.register);
      const inside = mine.filter((m) => {
        if (line.from && line.to) return m.at > Date.parse(line.from.at) && m.at <= Date.parse(line.to.at);
        // Interval data: a read closes the interval before it, so it counts for the day of (at − 1 ms).
        const day = DateTime.fromMillis(m.at - 1, { zone: timeZone }).toISODate()!;
        return day >= line.periodStart && day <= line.periodEnd;
      });
      if (inside.length === 0) continue;
      const quality: LineReadQuality = {
        estimated: inside.filter((m) => m.state === 'estimated').length,
        edited: inside.filter((m) => m.state === 'edited').length,
        methods: [...new Set(inside.map((m) => m.method).filter((x): x is string => !!x))].sort(),
      };
      (line as typeof line & { readQuality?: LineReadQuality }).readQuality = quality;
    }
  }
}
