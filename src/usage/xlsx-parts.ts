import { DomainError } from '../common/errors';
import { isBuiltInDateFormat, isDateFormat } from './xlsx-number-formats';
import {
  attribute,
  decodeCellText,
  decodeXmlText,
  isTagNamed,
  XmlScanner,
  type XmlHandler,
  type XmlTag,
} from './xlsx-xml';

/**
 * The workbook-level parts of an .xlsx that a sheet's cells depend on, each read
 * from its streamed text (`Chunks`):
 *
 * - xl/workbook.xml: the sheets in tab order (name, hidden state, relationship id)
 *   and the date system (`<workbookPr date1904="1">`);
 * - xl/_rels/workbook.xml.rels: relationship id → part, and which parts are the
 *   styles and shared strings;
 * - xl/styles.xml: for each cell style (`cellXfs`), whether its number format shows a date;
 * - xl/sharedStrings.xml: the strings cells of type "s" point to — the one part held
 *   in memory whole, so it is bounded (`SharedStringLimits`).
 */
export type Chunks = AsyncIterable<string> | Iterable<string>;

async function scan(chunks: Chunks, handler: XmlHandler, part: string): Promise<void> {
  const scanner = new XmlScanner(handler, part);
  for await (const chunk of chunks) {
    scanner.push(chunk);
    if (scanner.stopped) return;
  }
  scanner.end();
}

// ---------------------------------------------------------------------------
// Workbook

export type WorkbookSheet = {
  name: string;
  hidden: boolean;
  relationId: string | undefined;
};
export type WorkbookInfo = { sheets: WorkbookSheet[]; date1904: boolean };

export async function readWorkbook(chunks: Chunks, part = 'xl/workbook.xml'): Promise<WorkbookInfo> {
  const info: WorkbookInfo = { sheets: [], date1904: false };
  await scan(
    chunks,
    {
      tag(text: string, tag: XmlTag) {
        if (tag.closing) return;
        if (isTagNamed(text, tag, 'sheet')) {
          const state = attribute(text, tag, 'state');
          const id = attribute(text, tag, 'id', true);
          info.sheets.push({
            name: decodeXmlText(attribute(text, tag, 'name') ?? ''),
            hidden: state === 'hidden' || state === 'veryHidden',
            relationId: id === undefined ? undefined : decodeXmlText(id),
          });
        } else if (isTagNamed(text, tag, 'workbookPr')) {
          info.date1904 = isTrue(attribute(text, tag, 'date1904'));
        }
      },
      text() {},
    },
    part,
  );
  return info;
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

// ---------------------------------------------------------------------------
// Relationships

export type Relationship = { target: string; type: string };

/**
 * Relationship id → the zip part it points to. Targets are relative to the folder
 * of the part the relationships belong to (`source`, e.g. "xl/workbook.xml"), or
 * absolute from the package root when they start with "/". External targets are left out.
 */
export async function readRelationships(
  chunks: Chunks,
  source: string,
  part = relationshipsPartOf(source),
): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>();
  const folder = source.slice(0, source.lastIndexOf('/') + 1);
  await scan(
    chunks,
    {
      tag(text, tag) {
        if (tag.closing || !isTagNamed(text, tag, 'Relationship')) return;
        if (attribute(text, tag, 'TargetMode') === 'External') return;
        const id = attribute(text, tag, 'Id');
        const target = attribute(text, tag, 'Target');
        if (id === undefined || target === undefined) return;
        relationships.set(decodeXmlText(id), {
          target: resolvePartName(folder, decodeXmlText(target)),
          type: decodeXmlText(attribute(text, tag, 'Type') ?? ''),
        });
      },
      text() {},
    },
    part,
  );
  return relationships;
}

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
export function relationshipsPartOf(source: string): string {
  const slash = source.lastIndexOf('/');
  return `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
}

/** A relationship target → a zip entry name: "worksheets/sheet1.xml" from "xl/" → "xl/worksheets/sheet1.xml". */
export function resolvePartName(folder: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : folder + decoded;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/** The kind of a relationship, from the end of its type URI (transitional and strict OOXML differ before it). */
export function relationshipKind(relationship: Relationship): string {
  return relationship.type.slice(relationship.type.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------
// Styles

/** Cell style index (a cell's `s`) → whether its number format shows a date. */
export type DateStyles = readonly boolean[];

export async function readDateStyles(chunks: Chunks, part = 'xl/styles.xml'): Promise<DateStyles> {
  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  const handler: XmlHandler = {
    tag(text, tag) {
      if (isTagNamed(text, tag, 'cellXfs')) {
        inCellXfs = !tag.closing && !tag.selfClosing;
      } else if (!tag.closing && isTagNamed(text, tag, 'numFmt')) {
        const id = Number(attribute(text, tag, 'numFmtId'));
        const code = attribute(text, tag, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) customFormats.set(id, decodeXmlText(code));
      } else if (inCellXfs && !tag.closing && isTagNamed(text, tag, 'xf')) {
        formatIds.push(Number(attribute(text, tag, 'numFmtId') ?? 0));
      }
    },
    text() {},
  };
  await scan(chunks, handler, part);
  return formatIds.map((id) => {
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormat(custom) : isBuiltInDateFormat(id);
  });
}

// ---------------------------------------------------------------------------
// Shared strings

/**
 * The shared-strings table is live memory for as long as the sheet is read, so it
 * is bounded. Excel writes one entry per distinct text; a 200,000-row upload of
 * ~10 text columns stays well inside these.
 */
export type SharedStringLimits = { maxStrings: number; maxCharacters: number };
export const DEFAULT_SHARED_STRING_LIMITS: SharedStringLimits = {
  maxStrings: 4_000_000,
  maxCharacters: 64 * 1024 * 1024,
};

/** Excel's limit for the text of one cell. */
export const MAX_CELL_CHARACTERS = 32_767;
/** Raw (encoded) text beyond this can't decode to a cell Excel could hold: `&#x10FFFF;` is the longest escape. */
export const MAX_CELL_RAW_CHARACTERS = MAX_CELL_CHARACTERS * 10;

/** Index → text; `null` for an entry longer than an Excel cell can hold (kept out of memory). */
export type SharedStrings = readonly (string | null)[];

/**
 * Each `<si>` is a plain `<t>` or rich-text runs `<r><t>…</t></r>`, joined;
 * phonetic runs (`<rPh>`, the furigana above Japanese text) are not part of the text.
 * The `count`/`uniqueCount` attributes are not trusted for anything.
 */
export async function readSharedStrings(
  chunks: Chunks,
  limits: SharedStringLimits = DEFAULT_SHARED_STRING_LIMITS,
  part = 'xl/sharedStrings.xml',
): Promise<SharedStrings> {
  const strings: (string | null)[] = [];
  let characters = 0;
  let inItem = false;
  let phonetic = 0;
  let capturing = false;
  let raw = '';
  let tooLong = false;
  const refuse = (what: string) =>
    new DomainError(
      'too-large',
      `The workbook's shared-strings table holds more than ${what}; split the workbook into smaller files`,
      { part },
    );
  await scan(
    chunks,
    {
      tag(text, tag) {
        if (isTagNamed(text, tag, 'si')) {
          if (!tag.closing) {
            inItem = true;
            raw = '';
            tooLong = false;
          }
          if (tag.closing || tag.selfClosing) {
            if (strings.length >= limits.maxStrings)
              throw refuse(`${limits.maxStrings.toLocaleString('en-US')} strings`);
            const value = tooLong ? null : decodeCellText(raw);
            const kept = value !== null && value.length <= MAX_CELL_CHARACTERS ? value : null;
            characters += kept?.length ?? 0;
            if (characters > limits.maxCharacters) {
              throw refuse(`${limits.maxCharacters.toLocaleString('en-US')} characters of text`);
            }
            strings.push(kept);
            inItem = false;
          }
          phonetic = 0;
          capturing = false;
        } else if (inItem && isTagNamed(text, tag, 'rPh')) {
          if (!tag.selfClosing) phonetic += tag.closing ? -1 : 1;
        } else if (inItem && phonetic <= 0 && isTagNamed(text, tag, 't')) {
          capturing = !tag.closing && !tag.selfClosing;
        }
      },
      text(text, start, end) {
        if (!capturing || tooLong) return;
        if (raw.length + (end - start) > MAX_CELL_RAW_CHARACTERS) {
          tooLong = true;
          raw = '';
          return;
        }
        raw += text.slice(start, end);
      },
    },
    part,
  );
  return strings;
}
