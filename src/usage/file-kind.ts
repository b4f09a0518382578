import { invalid } from '../common/errors';
import type { ZipEntry } from './zip-inspect';

/**
 * What an uploaded file really is, judged by its bytes — never by its name or the
 * browser's content type, both of which the uploader controls and both of which
 * are routinely wrong ("report.xlsx" saved as CSV, CSV sent as
 * application/vnd.ms-excel).
 */
export type FileKind = 'zip' | 'text';

const UPLOAD_HINT = 'upload an .xlsx workbook or a CSV file';
const SNIFF_BYTES = 8192;

/** Classifies the first bytes of a file; refuses what is clearly not a spreadsheet. */
export function sniffFileKind(head: Buffer): FileKind {
  if (head.length === 0) throw invalid(`The file is empty; ${UPLOAD_HINT}`);
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    // The OLE2 container holds both old .xls workbooks and password-protected .xlsx files.
    throw invalid(
      'The file is an old-format Excel workbook (.xls) or a password-protected one; ' +
        'open it in Excel and save it as .xlsx without a password, or as CSV',
    );
  }
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d))
    throw invalid(`The file is a PDF document, not a spreadsheet; ${UPLOAD_HINT}`);
  const utf16 = starts(0xff, 0xfe) || starts(0xfe, 0xff);
  if (!utf16 && looksBinary(head.subarray(0, SNIFF_BYTES))) {
    throw invalid(`The file is not a spreadsheet: it contains binary data; ${UPLOAD_HINT}`);
  }
  return 'text';
}

/**
 * Text files, in any single-byte or UTF-8 encoding, contain no NUL and few control
 * characters besides tab, CR, LF (and the odd form feed or Ctrl-Z at the end).
 */
function looksBinary(sample: Buffer): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a)
      control += 1;
  }
  return control > sample.length / 100;
}

/**
 * A zip is a spreadsheet only if it holds the workbook part the reader starts from. Other
 * zip-based documents get a message saying what they are.
 */
export function requireXlsxParts(entries: readonly ZipEntry[]): void {
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has('xl/workbook.xml')) return;
  if (names.has('xl/workbook.bin'))
    throw invalid('The file is a binary Excel workbook (.xlsb); save it as .xlsx or CSV');
  if (names.has('mimetype') && names.has('content.xml')) {
    throw invalid('The file is an OpenDocument file (.ods); save it as .xlsx or CSV');
  }
  if (names.has('word/document.xml'))
    throw invalid(`The file is a Word document, not a spreadsheet; ${UPLOAD_HINT}`);
  if (names.has('ppt/presentation.xml'))
    throw invalid(`The file is a PowerPoint presentation, not a spreadsheet; ${UPLOAD_HINT}`);
  throw invalid(
    `The file is a zip archive without an Excel workbook in it (no xl/workbook.xml); ${UPLOAD_HINT}`,
  );
}
