import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settleCosts, type Statement } from '../../../src/allocation';
import type { DocumentLanguage } from '../../../src/documents/languages';
import { renderSettlementStatementPdf } from '../../../src/documents/settlement-statement-pdf';
import { lakeside } from '../allocation/fixtures';

/**
 * A statement whose heat figure was partly estimated names the estimate in the
 * party's language, not in the English of the run's notes: flat C of the
 * settlement tests, whose heat meter has no figure for 1 July – 31 December 2023
 * (184 days), estimated from the area key at 630.137 kWh
 * (5000 kWh ÷ (160 m² × 365 days) × 40 m² × 184 days = 630.1369…).
 */
const input = lakeside();
input.measurements = [
  ...input.measurements!.slice(0, 2),
  { billingPointId: 'C', key: 'heat', from: '2023-01-01', to: '2023-06-30', consumption: '400' },
];
const result = settleCosts({ ...input, estimateMissingMeters: true });
const statement = result.statements.find((s) => s.billingPointId === 'C')!;
const dir = mkdtempSync(path.join(tmpdir(), 'estimate-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function textOf(language: DocumentLanguage, shown: Statement = statement): Promise<string> {
  const pdf = await renderSettlementStatementPdf({
    language,
    issuer: { name: 'Immo Léman SA', address: null, vatNumber: null, footer: null, logo: null },
    recipient: { name: 'Owner', address: null },
    draft: true,
    date: '2024-03-01',
    periodStart: result.periodStart,
    periodEnd: result.periodEnd,
    periodDays: result.days,
    billingPoint: { code: 'C', name: 'Flat C' },
    building: null,
    currency: result.currency,
    statement: shown,
    buildingCosts: [],
    payment: null,
  });
  const file = path.join(dir, `${language}.pdf`);
  writeFileSync(file, pdf);
  // One line per paragraph: pdftotext breaks the estimate's sentence where the PDF wraps it.
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test('the estimate is worded in German and French, with the days, the period and the figure', async () => {
  expect(statement.estimates).toHaveLength(1);
  expect(await textOf('de')).toContain(
    'Verbrauch teilweise geschätzt: Wärmezähler (kWh): 184 Tage ohne Messwert (01.07.2023 – 31.12.2023), geschätzt auf 630.137 nach beheizter Fläche',
  );
  const fr = await textOf('fr');
  expect(fr).toContain('Compteur de chaleur (kWh) : 184 jours sans relevé');
  expect(fr).not.toContain('estimated');
});

test('a run stored before estimates were coded still prints its English note', async () => {
  const old = { ...statement, estimates: ['heat meter (kWh) of "C" has no figure …: estimated 630.137'] };
  expect(await textOf('de', old)).toContain('Verbrauch teilweise geschätzt: heat meter (kWh) of "C"');
});
