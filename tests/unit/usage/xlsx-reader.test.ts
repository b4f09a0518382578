import { DomainError } from '../../../src/common/errors';
import type { RawRow } from '../../../src/usage/raw-row';
import type { CellContext } from '../../../src/usage/xlsx-cells';
import {
  readDateStyles,
  readRelationships,
  readSharedStrings,
  readWorkbook,
  resolvePartName,
} from '../../../src/usage/xlsx-parts';
import { openXlsxRows } from '../../../src/usage/xlsx-rows';
import { SheetScanner } from '../../../src/usage/xlsx-sheet-scanner';
import { decodeCellText, MAX_TAG_CHARS } from '../../../src/usage/xlsx-xml';
import { NOW, importAll, tempFolder, writeBytes } from './support/files';
import { buildZip } from './support/zip-writer';

const folder = tempFolder();
afterAll(() => folder.cleanup());

const CONTEXT: CellContext = {
  sharedStrings: ['shared zero', 'shared one', null],
  // Style 0 General, 1 a date format, 2 a number format.
  dateStyles: [false, true, false],
  date1904: false,
};

/** Rows as plain data: [row number, { column: cell }]. */
function plain(rows: RawRow[]) {
  return rows.map((row) => [row.number, Object.fromEntries(row.cells)]);
}

function scanInChunks(xml: string, size: number, context = CONTEXT): RawRow[] {
  const scanner = new SheetScanner(context, 'xl/worksheets/sheet1.xml');
  const rows: RawRow[] = [];
  for (let at = 0; at < xml.length; at += size) rows.push(...scanner.push(xml.slice(at, at + size)));
  rows.push(...scanner.end());
  return rows;
}

const SHEET = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H4"/>',
  '<!-- a comment with <row> and > inside --><sheetData>',
  '<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &lt;&#233;&#x4E2D;&gt; </t></is></c>',
  '<c r="C1" t="inlineStr"><is><r><rPr><b/></rPr><t>rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>',
  '<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" s="1"><v>44359.604861111109</v></c>',
  '<c r="H1" t="d"><v>2021-06-12T14:31:00</v></c></row>',
  '<row r="2"><c r="A2"><f>B2*2</f><v>0</v></c><c r="B2" t="str"><f>"r-"&amp;ROW()</f><v>r-2</v></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
  '<c r="D2"><f>E2+1</f></c><c r="E2"><f t="shared" si="0"/><v>7</v></c><c r="F2" s="1"><f>NOW()</f><v>-5</v></c><c r="G2" s="2"><v>1.5</v></c>',
  '<c r="H2" t="s"><v>2</v></c></row>',
  '<row r="3" customFormat="1" s="2"/>',
  '<row r="4"><c r="A4" s="2"/><c r="B4" t="inlineStr"><is><t><![CDATA[<cdata> & co]]></t></is></c><c r="C4" t="s"><v>9</v></c></row>',
  '</sheetData><mergeCells count="1"><mergeCell ref="A9:A10"/></mergeCells></worksheet>',
].join('');

const EXPECTED = [
  [
    1,
    {
      1: { kind: 'text', text: 'shared zero' },
      2: { kind: 'text', text: ' a & b <é中> ' },
      3: { kind: 'text', text: 'rich text' },
      4: { kind: 'boolean', value: true },
      5: { kind: 'boolean', value: false },
      6: { kind: 'unusable', problem: 'holds the Excel error #N/A' },
      7: { kind: 'date', wallClock: '2021-06-12T14:31:00.000' },
      8: { kind: 'date', wallClock: '2021-06-12T14:31:00.000' },
    },
  ],
  [
    2,
    {
      1: { kind: 'number', value: 0 },
      2: { kind: 'text', text: 'r-2' },
      3: {
        kind: 'unusable',
        problem: 'holds a formula (=1/0) whose result is an Excel error (such as #DIV/0! or #REF!)',
      },
      4: {
        kind: 'unusable',
        problem:
          'holds a formula (=E2+1) without a saved result; open the file in Excel and save it again, or paste the values',
      },
      5: { kind: 'number', value: 7 },
      6: {
        kind: 'unusable',
        problem: 'holds a formula (=NOW()) whose date is out of range',
      },
      7: { kind: 'number', value: 1.5 },
      8: {
        kind: 'unusable',
        problem: 'holds more than 32,767 characters, more than an Excel cell can',
      },
    },
  ],
  [3, {}],
  [
    4,
    {
      2: { kind: 'text', text: '<cdata> & co' },
      3: {
        kind: 'unusable',
        problem: 'refers to a shared text the workbook does not have',
      },
    },
  ],
];

describe('the sheet scanner', () => {
  it('reads every kind of cell: shared, inline and rich text, booleans, errors, dates, formulas and their results', () => {
    expect(plain(scanInChunks(SHEET, SHEET.length))).toEqual(EXPECTED);
  });

  it('gives the same rows however the text is cut into chunks, down to one character', () => {
    for (let size = 1; size <= 64; size++) expect(plain(scanInChunks(SHEET, size))).toEqual(EXPECTED);
    for (const size of [97, 128, 255, 1000]) expect(plain(scanInChunks(SHEET, size))).toEqual(EXPECTED);
  });

  it('numbers rows and cells without an r attribute after the previous ones, and skips empty cells', () => {
    const xml =
      '<worksheet><sheetData><row><c t="inlineStr"><is><t>A</t></is></c><c/><c><v>3</v></c></row>' +
      '<row r="5"><c r="C5"><v>1</v></c><c><v>2</v></c></row><row><c><v>9</v></c></row></sheetData></worksheet>';
    expect(plain(scanInChunks(xml, 7))).toEqual([
      [1, { 1: { kind: 'text', text: 'A' }, 3: { kind: 'number', value: 3 } }],
      [5, { 3: { kind: 'number', value: 1 }, 4: { kind: 'number', value: 2 } }],
      [6, { 1: { kind: 'number', value: 9 } }],
    ]);
  });

  it('reads namespace-prefixed SpreadsheetML and quoted ">" in attributes', () => {
    const xml =
      '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2" x14ac:note="a>b"><x:c r="B2" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    expect(plain(scanInChunks(xml, 3))).toEqual([[2, { 2: { kind: 'text', text: 'shared one' } }]]);
  });

  it('counts dates from 1904 when the workbook does', () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>42897.604861111109</v></c></row></sheetData></worksheet>';
    expect(plain(scanInChunks(xml, 10, { ...CONTEXT, date1904: true }))).toEqual([
      [1, { 1: { kind: 'date', wallClock: '2021-06-12T14:31:00.000' } }],
    ]);
  });

  it('stops at the end of the rows', () => {
    const scanner = new SheetScanner(CONTEXT, 'sheet');
    scanner.push('<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData>');
    expect(scanner.finished).toBe(true);
    // Whatever follows is not read, even if it is not XML.
    expect(scanner.push('<<<< not xml')).toEqual([]);
    expect(scanner.end()).toEqual([]);
  });

  describe('refuses hostile or broken sheets clearly, without hanging or holding them in memory', () => {
    it('a sheet cut off inside a tag, or before the end of its rows', () => {
      expect(() => scanInChunks('<worksheet><sheetData><row r="1"><c r="A1', 4)).toThrow(
        'The workbook could not be read: its part "xl/worksheets/sheet1.xml" is not well-formed XML (it ends inside a tag)',
      );
      expect(() => scanInChunks('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>', 4)).toThrow(
        /\(it ends before the end of its rows\)$/,
      );
    });

    it('a tag that never ends', () => {
      const scanner = new SheetScanner(CONTEXT, 'sheet');
      scanner.push('<worksheet><sheetData><row r="1"><c r="A1" t="');
      const endless = 'x'.repeat(16 * 1024);
      expect(() => {
        for (let n = 0; n < 10; n++) scanner.push(endless);
      }).toThrow(`a tag is longer than ${MAX_TAG_CHARS} characters`);
    });

    it('a DOCTYPE (entity expansion)', () => {
      expect(() =>
        scanInChunks('<!DOCTYPE lol [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>', 5),
      ).toThrow('it declares a DOCTYPE, which spreadsheets never do');
    });

    it('a 10 MB cell: the row is read, that cell reported as too long and not kept', () => {
      const scanner = new SheetScanner(CONTEXT, 'sheet');
      const rows: RawRow[] = [];
      rows.push(...scanner.push('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'));
      const megabyte = 'y'.repeat(1024 * 1024);
      for (let n = 0; n < 10; n++) rows.push(...scanner.push(megabyte));
      rows.push(...scanner.push('</t></is></c><c r="B1"><v>2</v></c></row></sheetData></worksheet>'));
      rows.push(...scanner.end());
      expect(plain(rows)).toEqual([
        [
          1,
          {
            1: {
              kind: 'unusable',
              problem: 'holds more than 32,767 characters, more than an Excel cell can',
            },
            2: { kind: 'number', value: 2 },
          },
        ],
      ]);
    });

    it('a row holding more text than its limit', () => {
      const scanner = new SheetScanner(CONTEXT, 'sheet', {
        maxRowCharacters: 1000,
      });
      scanner.push('<worksheet><sheetData><row r="7">');
      const cell = `<c t="inlineStr"><is><t>${'z'.repeat(300)}</t></is></c>`;
      let error: unknown;
      try {
        for (let n = 0; n < 5; n++) scanner.push(cell);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('too-large');
      expect((error as DomainError).message).toBe(
        'Row 7 of the sheet holds more than 1,000 characters; split it or remove the long texts',
      );
    });

    it('a cell beyond the last column', () => {
      expect(() =>
        scanInChunks(
          '<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>',
          9,
        ),
      ).toThrow(/row 1 has a cell beyond column XFD, the last Excel has/);
    });
  });
});

describe('the workbook parts', () => {
  it('lists the sheets in order with their state and relationship, and the date system', async () => {
    const xml =
      '<workbook xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/>' +
      '<sheets><sheet name="Old &amp; hidden" sheetId="1" state="hidden" rel:id="rId1"/><sheet name="Very" sheetId="2" state="veryHidden" rel:id="rId2"/>' +
      '<sheet name="June" sheetId="3" rel:id="rId3"/></sheets></workbook>';
    expect(await readWorkbook([xml.slice(0, 50), xml.slice(50)])).toEqual({
      date1904: true,
      sheets: [
        { name: 'Old & hidden', hidden: true, relationId: 'rId1' },
        { name: 'Very', hidden: true, relationId: 'rId2' },
        { name: 'June', hidden: false, relationId: 'rId3' },
      ],
    });
    expect((await readWorkbook(['<workbook><workbookPr date1904="false"/></workbook>'])).date1904).toBe(
      false,
    );
  });

  it('resolves relationship targets, relative and absolute, and leaves external ones out', async () => {
    const xml =
      '<Relationships><Relationship Id="rId1" Type="http://x/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://x/relationships/worksheet" Target="/xl/worksheets/Sheet%202.xml"/>' +
      '<Relationship Id="rId3" Type="http://x/relationships/styles" Target="./../xl/styles.xml"/>' +
      '<Relationship Id="rId4" Type="http://x/relationships/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>';
    const relationships = await readRelationships([xml], 'xl/workbook.xml');
    expect(Object.fromEntries(relationships)).toEqual({
      rId1: {
        target: 'xl/worksheets/sheet1.xml',
        type: 'http://x/relationships/worksheet',
      },
      rId2: {
        target: 'xl/worksheets/Sheet 2.xml',
        type: 'http://x/relationships/worksheet',
      },
      rId3: { target: 'xl/styles.xml', type: 'http://x/relationships/styles' },
    });
    expect(resolvePartName('xl/', 'worksheets/../sheet.xml')).toBe('xl/sheet.xml');
  });

  it('knows which cell styles show dates: built-in date formats and custom ones', async () => {
    const xml =
      '<styleSheet><numFmts count="3"><numFmt numFmtId="164" formatCode="dd&quot;-&quot;mmm&quot;-&quot;yyyy"/>' +
      '<numFmt numFmtId="165" formatCode="0.00&quot; kWh&quot;"/><numFmt numFmtId="14" formatCode="0.0"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>' +
      '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"><alignment/></xf><xf numFmtId="165"/>' +
      '<xf numFmtId="22"/><xf numFmtId="47"/><xf numFmtId="14"/><xf numFmtId="49"/></cellXfs></styleSheet>';
    expect(await readDateStyles([xml.slice(0, 100), xml.slice(100)])).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it('reads shared strings: plain, rich text without phonetic runs, entities and escapes, empty items', async () => {
    const xml =
      '<sst count="999999999" uniqueCount="999999999"><si><t>plain</t></si><si><t xml:space="preserve">  spaced  </t></si>' +
      '<si><r><t>ri</t></r><r><rPr/><t>ch</t></r><rPh sb="0" eb="1"><t>furigana</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t>a&amp;b &#x263A; line_x000D_break _x005F_x0041_</t></si><si/><si><t/></si></sst>';
    for (const size of [1, 3, 1000]) {
      const chunks = Array.from({ length: Math.ceil(xml.length / size) }, (_, n) =>
        xml.slice(n * size, (n + 1) * size),
      );
      expect(await readSharedStrings(chunks)).toEqual([
        'plain',
        '  spaced  ',
        'rich',
        'a&b ☺ line\rbreak _x0041_',
        '',
        '',
      ]);
    }
    // The count attributes are not trusted: nothing is allocated from them.
  });

  it('bounds the shared strings: too many, or too much text, is refused as too large', async () => {
    const many = ['<sst>', ...Array.from({ length: 11 }, () => '<si><t>x</t></si>'), '</sst>'];
    const tooMany = await readSharedStrings(many, {
      maxStrings: 10,
      maxCharacters: 1000,
    }).catch((e: DomainError) => e);
    expect(tooMany).toBeInstanceOf(DomainError);
    expect((tooMany as DomainError).kind).toBe('too-large');
    expect((tooMany as DomainError).message).toBe(
      "The workbook's shared-strings table holds more than 10 strings; split the workbook into smaller files",
    );
    await expect(readSharedStrings(many, { maxStrings: 100, maxCharacters: 5 })).rejects.toThrow(
      "The workbook's shared-strings table holds more than 5 characters of text; split the workbook into smaller files",
    );
  });

  it('keeps a shared string longer than a cell can hold out of memory', async () => {
    const long = 'q'.repeat(400_000);
    expect(await readSharedStrings(['<sst><si><t>', long, '</t></si><si><t>ok</t></si></sst>'])).toEqual([
      null,
      'ok',
    ]);
  });

  it('decodes cell text', () => {
    expect(decodeCellText('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&unknown;&#xFFFFFFF;')).toBe(
      '<>&"\'AB&unknown;&#xFFFFFFF;',
    );
  });
});

describe('openXlsxRows on crafted workbooks', () => {
  const CONTENT_TYPES = {
    name: '[Content_Types].xml',
    data: Buffer.from('<Types/>'),
  };
  const rels = (targets: Record<string, [string, string]>) => ({
    name: 'xl/_rels/workbook.xml.rels',
    data: Buffer.from(
      `<Relationships>${Object.entries(targets)
        .map(
          ([id, [type, target]]) => `<Relationship Id="${id}" Type="http://r/${type}" Target="${target}"/>`,
        )
        .join('')}</Relationships>`,
    ),
  });
  const sheet = (name: string, rows: string) => ({
    name,
    data: Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`),
  });
  const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = `<row>${inline('DeviceId')}${inline('eGroup')}${inline('eId')}</row>`;

  it('reads the first visible worksheet, skipping a hidden sheet and a chart sheet, through absolute targets', async () => {
    const zip = buildZip([
      CONTENT_TYPES,
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          '<workbook xmlns:r="urn:r"><sheets><sheet name="Chart" r:id="c"/><sheet name="Old" state="hidden" r:id="a"/>' +
            '<sheet name="Data" r:id="b"/><sheet name="Notes" r:id="n"/></sheets></workbook>',
        ),
      },
      rels({
        a: ['worksheet', '/xl/worksheets/old.xml'],
        b: ['worksheet', '/xl/worksheets/data.xml'],
        c: ['chartsheet', 'chartsheets/sheet1.xml'],
        n: ['worksheet', 'worksheets/notes.xml'],
      }),
      sheet('xl/worksheets/old.xml', `${header}<row>${inline('old')}${inline('G')}${inline('e')}</row>`),
      sheet('xl/worksheets/data.xml', `${header}<row>${inline('new')}${inline('G')}${inline('e')}</row>`),
      sheet('xl/worksheets/notes.xml', ''),
      { name: 'xl/chartsheets/sheet1.xml', data: Buffer.from('<chartsheet/>') },
    ]);
    const path = writeBytes(folder.path('crafted.xlsx'), zip);
    const source = await openXlsxRows(path);
    expect(source).toMatchObject({
      sheetName: 'Data',
      sheetPart: 'xl/worksheets/data.xml',
      otherSheets: ['Chart', 'Old', 'Notes'],
      date1904: false,
    });
    await source.rows.return(undefined);

    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => [o.row, o.record?.deviceId])).toEqual([[2, 'new']]);
    expect(report.warnings).toEqual([
      'Only the first sheet, "Data", was read; the workbook also has "Chart", "Old", "Notes"',
    ]);
  });

  it('refuses a shared-strings table that is a bomb of tiny items', async () => {
    // 20 MB of "<si/>" items, let through by loosened zip limits: the table's own bound refuses it.
    const items = '<si/>'.repeat(4_000_001);
    const zip = buildZip([
      CONTENT_TYPES,
      {
        name: 'xl/workbook.xml',
        data: Buffer.from('<workbook><sheets><sheet name="S" r:id="s"/></sheets></workbook>'),
      },
      rels({ s: ['worksheet', 'worksheets/s.xml'] }),
      sheet('xl/worksheets/s.xml', header),
      {
        name: 'xl/sharedStrings.xml',
        data: Buffer.from(`<sst count="4000001">${items}</sst>`),
      },
    ]);
    const path = writeBytes(folder.path('strings-bomb.xlsx'), zip);
    const error = await importAll(path, {
      zipLimits: { maxCompressionRatio: 10_000 },
    }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('too-large');
    expect((error as DomainError).message).toBe(
      "The workbook's shared-strings table holds more than 4,000,000 strings; split the workbook into smaller files",
    );
  });

  it('refuses a workbook whose sheet part is not well-formed, naming the part', async () => {
    const zip = buildZip([
      CONTENT_TYPES,
      {
        name: 'xl/workbook.xml',
        data: Buffer.from('<workbook><sheets><sheet name="S" r:id="s"/></sheets></workbook>'),
      },
      rels({ s: ['worksheet', 'worksheets/s.xml'] }),
      {
        name: 'xl/worksheets/s.xml',
        data: Buffer.from(`<worksheet><sheetData>${header}<row><c r="A2" t="`),
      },
    ]);
    const path = writeBytes(folder.path('cut.xlsx'), zip);
    await expect(importAll(path, { now: NOW })).rejects.toThrow(
      'The workbook could not be read: its part "xl/worksheets/s.xml" is not well-formed XML (it ends inside a tag)',
    );
  });
});
