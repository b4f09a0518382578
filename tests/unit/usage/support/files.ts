import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  openUsageSpreadsheet,
  type SpreadsheetImportOptions,
  type SpreadsheetRowOutcome,
} from '../../../../src/usage/spreadsheet-import';

/** A temp directory for one test file, removed after all its tests. */
export function tempFolder(): { path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'usage-import-'));
  return { path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

type FillSheet = (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void;

/** An .xlsx built with exceljs's (non-streaming) writer; `fill` builds the first sheet. */
export async function workbookBytes(fill: FillSheet, sheetName = 'Usage'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet(sheetName), workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same, written to `path`. */
export async function writeWorkbook(path: string, fill: FillSheet, sheetName = 'Usage'): Promise<string> {
  writeFileSync(path, await workbookBytes(fill, sheetName));
  return path;
}

export function writeBytes(path: string, bytes: Buffer | string): string {
  writeFileSync(path, bytes);
  return path;
}

export const NOW = new Date('2024-03-01T08:00:00.000Z');

/** Opens a file and reads every outcome, returning them with the final report. */
export async function importAll(path: string, options: Partial<SpreadsheetImportOptions> = {}) {
  const sheet = await openUsageSpreadsheet(path, { now: NOW, ...options });
  const outcomes: SpreadsheetRowOutcome[] = [];
  for await (const outcome of sheet) outcomes.push(outcome);
  return { outcomes, report: sheet.report };
}
