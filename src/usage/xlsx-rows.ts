import { DomainError, invalid } from '../common/errors';
import type { RawRow } from './raw-row';
import type { CellContext } from './xlsx-cells';
import { partText, XlsxPackage } from './xlsx-package';
import {
  readDateStyles,
  readRelationships,
  readSharedStrings,
  readWorkbook,
  relationshipKind,
  relationshipsPartOf,
  type DateStyles,
  type Relationship,
  type SharedStrings,
} from './xlsx-parts';
import { SheetScanner } from './xlsx-sheet-scanner';

/**
 * Rows of an .xlsx, streamed: the sheet part is inflated and scanned as the
 * consumer pulls rows, so memory stays flat whatever the number of rows (the
 * shared-strings table aside, which is bounded — see xlsx-parts.ts). Only the
 * first visible sheet is read — the one Excel opens on.
 *
 * The reader is our own (xlsx-xml.ts, xlsx-parts.ts, xlsx-sheet-scanner.ts, cells
 * in xlsx-cells.ts) rather than exceljs's streaming WorkbookReader: that one builds
 * an event object per XML tag and attribute and a Cell object per cell — ~20 KB of
 * garbage per row, which with database awaits in between was promoted and piled up
 * to ~350 MB of RSS for a 100,000-row upload. This one allocates what it hands on.
 *
 * The zip is read through zip-inspect — the code that checked it for bombs — and a
 * part never inflates beyond the size its directory declares. Callers check those
 * sizes first (`checkZipBombLimits` and `verifyZipEntries`, as spreadsheet-import does).
 */
export type XlsxSource = {
  sheetName: string;
  /** The zip part holding the sheet, e.g. "xl/worksheets/sheet1.xml" (to match its merged cells). */
  sheetPart: string | undefined;
  otherSheets: string[];
  /** The workbook counts dates from 1904 (old Mac Excel) rather than 1900. */
  date1904: boolean;
  rows: AsyncGenerator<RawRow>;
};

const WORKBOOK_PART = 'xl/workbook.xml';

export async function openXlsxRows(path: string): Promise<XlsxSource> {
  let zip: XlsxPackage | undefined;
  try {
    zip = await XlsxPackage.open(path);
    const workbookEntry = await zip.locate(WORKBOOK_PART);
    if (!workbookEntry) throw invalid(`The workbook has no ${WORKBOOK_PART}, so it has no worksheet to read`);
    const workbook = await readWorkbook(partText(path, workbookEntry), workbookEntry.name);
    const relationshipsEntry = await zip.locate(relationshipsPartOf(WORKBOOK_PART));
    const relationships = relationshipsEntry
      ? await readRelationships(partText(path, relationshipsEntry), WORKBOOK_PART, relationshipsEntry.name)
      : new Map<string, Relationship>();

    const worksheets = workbook.sheets.flatMap((sheet) => {
      const relationship = sheet.relationId === undefined ? undefined : relationships.get(sheet.relationId);
      // Chart sheets and dialog sheets have no cells; a sheet whose part is missing can't be read.
      if (!relationship || relationshipKind(relationship) !== 'worksheet' || !zip!.has(relationship.target))
        return [];
      return [{ sheet, part: relationship.target }];
    });
    const chosen = worksheets.find(({ sheet }) => !sheet.hidden) ?? worksheets[0];
    if (!chosen) throw invalid('The workbook has no worksheet to read');
    const sheetEntry = (await zip.locate(chosen.part))!;

    const partFor = (kind: string, fallback: string) =>
      [...relationships.values()].find((relationship) => relationshipKind(relationship) === kind)?.target ??
      fallback;
    const stylesEntry = await zip.locate(partFor('styles', 'xl/styles.xml'));
    const dateStyles: DateStyles = stylesEntry
      ? await readDateStyles(partText(path, stylesEntry), stylesEntry.name)
      : [];
    const stringsEntry = await zip.locate(partFor('sharedStrings', 'xl/sharedStrings.xml'));
    const sharedStrings: SharedStrings = stringsEntry
      ? await readSharedStrings(partText(path, stringsEntry), undefined, stringsEntry.name)
      : [];

    const context: CellContext = {
      sharedStrings,
      dateStyles,
      date1904: workbook.date1904,
    };
    return {
      sheetName: chosen.sheet.name,
      sheetPart: sheetEntry.name,
      otherSheets: workbook.sheets.filter((sheet) => sheet !== chosen.sheet).map((sheet) => sheet.name),
      date1904: workbook.date1904,
      // Nothing is open until the first row is asked for; the scan closes the part when it ends or is abandoned.
      rows: sheetRows(path, sheetEntry, context),
    };
  } catch (error) {
    throw unreadable(error);
  } finally {
    await zip?.close();
  }
}

async function* sheetRows(
  path: string,
  entry: Parameters<typeof partText>[1],
  context: CellContext,
): AsyncGenerator<RawRow> {
  const scanner = new SheetScanner(context, entry.name);
  try {
    for await (const chunk of partText(path, entry)) {
      for (const row of scanner.push(chunk)) yield row;
      // Past </sheetData>: leaving the loop closes the part without inflating the rest.
      if (scanner.finished) break;
    }
    for (const row of scanner.end()) yield row;
  } catch (error) {
    throw unreadable(error);
  }
}

function unreadable(error: unknown): Error {
  if (error instanceof DomainError) return error;
  return invalid(`The workbook could not be read: ${(error as Error).message ?? String(error)}`);
}
