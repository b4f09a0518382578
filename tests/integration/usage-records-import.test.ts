import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { workbookBytes } from '../unit/usage/support/files';
import { buildZip, deflatedZeros } from '../unit/usage/support/zip-writer';
import { apiToken, countRecords, INGEST, withToken } from './support/usage';

/**
 * Usage records uploaded as a spreadsheet (guide, "Recording Usage Records (via Excel
 * Spreadsheet load)"): POST /utilities/usage-records/import, multipart field "file".
 * Each upload is an ingestion log (source "upload") with one outcome per row.
 */
let app: TestApp;
let root: Agent;

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

const IMPORT = '/utilities/usage-records/import';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const GUIDE_HEADER = [
  'DeviceId',
  'eGroup',
  'eId',
  'Dtu',
  'DtDevice',
  'SrcIp',
  'EventRef',
  'IntCounter',
  'IntCounter2',
  'IntCounter3',
  'IntCounter4',
  'IntCounter5',
  'Temperature',
  'EventDataJ',
];

/** The guide's example table; see tests/unit/usage/spreadsheet-xlsx.test.ts for how its cells are placed. */
const GUIDE_ROWS: Array<Record<string, unknown>> = [
  { DeviceId: 'myDevice1', Dtu: '12-jun-2021 14:31', EventRef: 'tick-1718273', IntCounter: 301 },
  { DeviceId: 'myDevice1', Dtu: '12-jun-2021 15:01', EventRef: 'tick-1718274', IntCounter: 305 },
  {
    DeviceId: 'XY876',
    Dtu: '12-jun-2022 15:22',
    DtDevice: '12-jun-2021 17:22',
    SrcIp: '10.50.190.201',
    EventRef: 'BS-1792(Alpha) ICS.14',
    IntCounter: 82885,
    IntCounter2: 9182727,
    IntCounter3: 2307,
    IntCounter4: 56,
  },
];

const guideWorkbook = () =>
  workbookBytes((sheet) => {
    sheet.addRow(GUIDE_HEADER);
    for (const row of GUIDE_ROWS) sheet.addRow(GUIDE_HEADER.map((column) => row[column] ?? null));
  });

function upload(agent: Agent, file: Buffer | null, name = 'usage.xlsx', fields: Record<string, string> = {}) {
  let req = app.http().post(IMPORT).set('Authorization', `Bearer ${agent.token}`);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  if (file)
    req = req.attach('file', file, {
      filename: name,
      contentType: name.endsWith('.csv') ? 'text/csv' : XLSX,
    });
  return req;
}

const logOf = (documentId: string) =>
  app.strapi.documents('plugin::utilities.ingestion-log').findOne({ documentId } as never) as Promise<Record<
    string,
    unknown
  > | null>;

describe("the guide's example table as .xlsx", () => {
  test('as printed, every row is rejected for its missing eGroup and eId, with the cells named', async () => {
    const res = await upload(root, await guideWorkbook());
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      totalRows: 3,
      created: 0,
      duplicates: 0,
      rejected: 3,
      log: { status: 'Failed' },
    });
    expect(res.body.data.rejectedRows[0]).toEqual({
      row: 2,
      error: 'eGroup (B2) is required; eId (C2) is required',
    });
  });

  test('with eGroup and eId chosen for the file: three records stored, the devices created, the upload logged', async () => {
    const res = await upload(root, await guideWorkbook(), 'guide.xlsx', { eGroup: 'COPIER', eId: 'MONTHLY' });
    expect(res.status).toBe(201);
    const summary = res.body.data;
    expect(summary).toMatchObject({
      fileName: 'guide.xlsx',
      format: 'xlsx',
      sheetName: 'Usage',
      headerRow: 1,
      totalRows: 3,
      created: 3,
      duplicates: 0,
      rejected: 0,
      rejectedRows: [],
    });
    expect(summary.log.status).toBe('Completed');

    const listed = await root.get('/utilities/usage-records?eGroup=COPIER&sort=dtu:asc');
    expect(listed.body.data).toHaveLength(3);
    expect(listed.body.data[0]).toMatchObject({
      deviceId: 'myDevice1',
      eId: 'MONTHLY',
      eventRef: 'tick-1718273',
      intCounter: '301',
      dtu: '2021-06-12T14:31:00.000Z',
      source: 'upload',
      importLog: summary.log.documentId,
    });
    expect(listed.body.data[2]).toMatchObject({
      deviceId: 'XY876',
      dtu: '2022-06-12T15:22:00.000Z',
      dt: '12-jun-2021 17:22',
      dtLocal: '2021-06-12T17:22:00.000',
      srcIp: '10.50.190.201',
      eventRef: 'BS-1792(Alpha) ICS.14',
      intCounter: '82885',
      intCounter2: '9182727',
      intCounter3: '2307',
      intCounter4: '56',
      intCounter5: null,
    });
    const device = await app.strapi.db
      .query('plugin::utilities.device')
      .findOne({ where: { meterNumber: 'XY876' } });
    expect(device).toMatchObject({ source: 'import' });

    const log = await logOf(summary.log.documentId);
    expect(log).toMatchObject({
      source: 'upload',
      fileName: 'guide.xlsx',
      status: 'Completed',
      totalRows: 3,
      insertedRows: 3,
      failedRows: 0,
    });
    expect(log?.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(log?.completedAt).toBeTruthy();

    // The same file again: nothing new, every row a duplicate of what is stored.
    const again = await upload(root, await guideWorkbook(), 'guide.xlsx', {
      eGroup: 'COPIER',
      eId: 'MONTHLY',
    });
    expect(again.body.data).toMatchObject({ created: 0, duplicates: 3, rejected: 0 });
    expect(await countRecords(app.strapi, { e_group: 'COPIER' })).toBe(3);
    const rows = await root.get(`/utilities/usage-records/imports/${again.body.data.log.documentId}/rows`);
    expect(
      rows.body.data.map((r: { row: number; outcome: string; recordId: number }) => [
        r.row,
        r.outcome,
        r.recordId,
      ]),
    ).toEqual(listed.body.data.map((r: { id: number }, i: number) => [i + 2, 'duplicate', r.id]));
  });

  test('a record sent by a device and then uploaded is stored once', async () => {
    const device = withToken(app.http, await apiToken(app.strapi, [INGEST]));
    expect(
      (await device.get('/api/utilities/usage-records/LAUNDRY/cycle/washer-1?ref=w-1&intcounter=1')).status,
    ).toBe(201);
    const file = await workbookBytes((s) => {
      s.addRow(['DeviceId', 'eGroup', 'eId', 'EventRef', 'IntCounter']);
      s.addRow(['washer-1', 'LAUNDRY', 'cycle', 'w-1', 1]);
      s.addRow(['washer-1', 'LAUNDRY', 'cycle', 'w-2', 1]);
    });
    const res = await upload(root, file);
    expect(res.body.data).toMatchObject({ created: 1, duplicates: 1 });
    expect(await countRecords(app.strapi, { device_id: 'washer-1' })).toBe(2);
  });
});

describe('awkward spreadsheets: each row gets its outcome', () => {
  test('Excel dates, formulas, a formula error, merged cells, blank rows, repeats and bad values', async () => {
    const file = await workbookBytes((s) => {
      s.addRow(['eGroup', 'eId', 'DeviceId', 'Dtu', 'EventRef', 'IntCounter', 'Temperature']);
      s.addRow(['PHOTO', 'MONTHLY', 'copier-1', new Date(Date.UTC(2024, 0, 31, 18, 0)), 'jan', 1200, 21.5]); // 2
      s.addRow([
        'PHOTO',
        'MONTHLY',
        'copier-1',
        '2024-02-29T18:00:00Z',
        'feb',
        { formula: 'F2+100', result: 1300 },
        null,
      ]); // 3
      s.addRow([
        'PHOTO',
        'MONTHLY',
        'copier-1',
        '2024-03-31T18:00:00Z',
        'mar',
        { formula: '1/0', result: { error: '#DIV/0!' } },
        null,
      ]); // 4
      s.addRow([]); // 5: blank
      s.addRow(['PHOTO', 'MONTHLY', 'copier-2', '2024-03-31T18:00:00Z', 'm1', 10, null]); // 6
      s.addRow([null, 'MONTHLY', 'copier-2', '2024-04-30T18:00:00Z', 'm2', 20, null]); // 7 (A6:A7 merged below)
      s.addRow(['PHOTO', 'MONTHLY', 'copier-1', '2024-01-31T18:00:00Z', 'jan', 1200, null]); // 8: repeat of row 2
      s.addRow(['9PHOTO', 'MONTHLY', 'copier-3', null, null, 'lots', null]); // 9
      s.mergeCells('A6:A7');
    });
    const res = await upload(root, file, 'awkward.xlsx');
    expect(res.status).toBe(201);
    const d = res.body.data;
    expect(d).toMatchObject({
      totalRows: 7,
      created: 3,
      duplicates: 1,
      rejected: 3,
      emptyRows: 1,
      log: { status: 'Partial' },
    });
    expect(d.warnings.join('\n')).toMatch(/Merged cells A6:A7/);
    const reasons = Object.fromEntries(
      d.rejectedRows.map((r: { row: number; error: string }) => [r.row, r.error]),
    );
    expect(Object.keys(reasons)).toEqual(['4', '7', '9']);
    expect(reasons[4]).toMatch(/IntCounter \(F4\)/);
    expect(reasons[4]).toMatch(/#DIV\/0!/);
    expect(reasons[7]).toMatch(/eGroup \(A7\) is required.*merged range A6:A7/);
    expect(reasons[9]).toMatch(/reserved to the system/);
    expect(reasons[9]).toMatch(/IntCounter \(F9\) must be a whole number/);

    const stored = await root.get('/utilities/usage-records?eGroup=PHOTO&sort=dtu:asc');
    expect(
      stored.body.data.map((r: { eventRef: string; intCounter: string; dtu: string }) => [
        r.eventRef,
        r.intCounter,
        r.dtu,
      ]),
    ).toEqual([
      ['jan', '1200', '2024-01-31T18:00:00.000Z'],
      ['feb', '1300', '2024-02-29T18:00:00.000Z'],
      ['m1', '10', '2024-03-31T18:00:00.000Z'],
    ]);
    expect(stored.body.data[0].temperature).toBe('21.5');

    const rejected = await root.get(
      `/utilities/usage-records/imports/${d.log.documentId}/rows?outcome=rejected`,
    );
    expect(rejected.body.data.map((r: { row: number }) => r.row)).toEqual([4, 7, 9]);
    expect(rejected.body.meta.pagination.total).toBe(3);
    const repeat = await root.get(
      `/utilities/usage-records/imports/${d.log.documentId}/rows?outcome=duplicate`,
    );
    expect(repeat.body.data[0]).toMatchObject({
      row: 8,
      error: 'Repeats row 2 of this file (same DeviceId, eGroup, eId and EventRef)',
    });
    // A created record is its row's outcome: the list interleaves the records with the
    // duplicate and rejected rows, in file order, and pages across both.
    type Row = { row: number; outcome: string; recordId: number | null; eventRef: string | null };
    const rowsUrl = `/utilities/usage-records/imports/${d.log.documentId}/rows`;
    const all = (await root.get(rowsUrl)).body as { data: Row[]; meta: { pagination: { total: number } } };
    expect(all.meta.pagination.total).toBe(7);
    const numbers = all.data.map((r) => r.row);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(all.data.filter((r) => r.outcome === 'rejected').map((r) => r.row)).toEqual([4, 7, 9]);
    expect(all.data.filter((r) => r.outcome === 'duplicate').map((r) => r.row)).toEqual([8]);
    const created = (await root.get(`${rowsUrl}?outcome=created`)).body as typeof all;
    expect(created.meta.pagination.total).toBe(3);
    expect(created.data.map((r) => [r.eventRef, r.recordId])).toEqual(
      stored.body.data.map((r: { eventRef: string; id: number }) => [r.eventRef, r.id]),
    );
    expect(all.data.filter((r) => r.outcome === 'created')).toEqual(created.data);
    // The duplicate names the record row 2 created.
    expect(repeat.body.data[0].recordId).toBe(created.data.find((r) => r.row === 2)?.recordId);
    const page = (await root.get(`${rowsUrl}?sort=row:desc&pageSize=3&page=2`)).body as typeof all;
    expect(page.data.map((r) => r.row)).toEqual([...numbers].reverse().slice(3, 6));
    expect(page.meta.pagination.total).toBe(7);
    const log = await logOf(d.log.documentId);
    expect(log).toMatchObject({ status: 'Partial', totalRows: 7, insertedRows: 3, failedRows: 3 });
  });

  test('repeats far apart in a long file: the first row of each event is its record, across commit groups written side by side', async () => {
    // 12,000 rows: groups of 4,000 rows a commit, two in flight at once on PostgreSQL.
    // Row i + 5,000 repeats row i (same device and event) for i = 0, 500 … 4,500, so each
    // repeat sits in the neighbouring group, often the one written at the same time.
    const ROWS = 12_000;
    const firstOf = (i: number) => (i >= 5_000 && i < 10_000 && i % 500 === 0 ? i - 5_000 : i);
    const lines = ['DeviceId,eGroup,eId,EventRef,IntCounter'];
    for (let i = 0; i < ROWS; i++) lines.push(`far-dev-${firstOf(i) % 7},FAR,1,far-${firstOf(i)},${i}`);
    const res = await upload(root, Buffer.from(`${lines.join('\n')}\n`), 'far-repeats.csv');
    expect(res.status).toBe(201);
    const repeats = Array.from({ length: ROWS }, (_, i) => i).filter((i) => firstOf(i) !== i);
    expect(repeats).toHaveLength(10); // rows 5,000, 5,500 … 9,500
    expect(res.body.data).toMatchObject({
      totalRows: ROWS,
      created: ROWS - repeats.length,
      duplicates: repeats.length,
      rejected: 0,
    });
    type Row = { row: number; outcome: string; recordId: number | null; eventRef: string };
    const rowsUrl = `/utilities/usage-records/imports/${res.body.data.log.documentId}/rows`;
    const duplicates = (await root.get(`${rowsUrl}?outcome=duplicate&pageSize=100`)).body.data as Row[];
    // The header is row 1: data row i is file row i + 2. Each duplicate is the later row,
    // and names the record the earlier row created.
    expect(duplicates.map((r) => r.row)).toEqual(repeats.map((i) => i + 2));
    // The stored record of each repeated event is the earlier row's, and the duplicate names it.
    type Stored = { id: number; event_ref: string; source_row: number };
    const originals = await app.strapi.db
      .connection('utilities_usage_records')
      .where({ e_group: 'FAR' })
      .whereIn(
        'event_ref',
        repeats.map((i) => `far-${firstOf(i)}`),
      )
      .select<Stored[]>('id', 'event_ref', 'source_row');
    const originalOf = new Map(originals.map((o) => [o.event_ref, o]));
    expect(originals).toHaveLength(repeats.length);
    for (const duplicate of duplicates) {
      const original = originalOf.get(duplicate.eventRef);
      expect(Number(original?.source_row)).toBe(duplicate.row - 5_000);
      expect(duplicate.recordId).toBe(Number(original?.id));
    }
  });

  test('a CSV in Latin-1 (Windows-1252) with ";" and decimal commas', async () => {
    const csv = Buffer.from(
      'DeviceId;eGroup;eId;EventRef;Temperature\r\nCompteur-é;HEAT;1;r1;21,5\r\nCompteur-é;HEAT;1;r2;-3,25\r\n',
      'latin1',
    );
    const res = await upload(root, csv, 'chaleur.csv');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      created: 2,
    });
    expect(res.body.data.warnings.join(' ')).toMatch(/Windows-1252/);
    const stored = await root.get('/utilities/usage-records?eGroup=HEAT&sort=dtu:asc');
    expect(
      stored.body.data
        .map((r: { deviceId: string; temperature: string }) => [r.deviceId, r.temperature])
        .sort(),
    ).toEqual([
      ['Compteur-é', '-3.25'],
      ['Compteur-é', '21.5'],
    ]);
  });

  test('a sheet with only headers → 400, and the upload is logged as Failed', async () => {
    const res = await upload(root, await workbookBytes((s) => s.addRow(GUIDE_HEADER)), 'empty.xlsx');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'The file has a header (row 1) but no data rows under it; nothing was imported',
    );
    const logs = (await app.strapi
      .documents('plugin::utilities.ingestion-log')
      .findMany({ filters: { fileName: 'empty.xlsx' } } as never)) as unknown as Array<
      Record<string, unknown>
    >;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ source: 'upload', status: 'Failed' });
  });
});

describe('files that are refused whole', () => {
  test('a zip bomb is refused from its directory, without inflating it', async () => {
    const zeros = deflatedZeros(512);
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      {
        name: 'xl/worksheets/sheet1.xml',
        compressed: zeros.compressed,
        uncompressedSize: zeros.size,
        crc32: zeros.crc32,
      },
    ]);
    const before = process.memoryUsage().rss;
    const res = await upload(root, bomb, 'bomb.xlsx');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/refused as a possible zip bomb/);
    // 512 MB of zeros were never inflated in this process.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  test("a workbook whose reading needs more than the reader's heap → 413 naming the setting; with the default heap it is read", async () => {
    // 1,000,000 distinct shared strings (~30 MB of XML, within every zip and table limit):
    // about 50 MB live while the sheet is read, which a reader thread capped at 16 MB cannot hold.
    const cell = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    const strings = Array.from({ length: 1_000_000 }, (_, i) => `<si><t>shared text ${i}</t></si>`);
    const book = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      {
        name: 'xl/workbook.xml',
        data: Buffer.from('<workbook><sheets><sheet name="S" r:id="s"/></sheets></workbook>'),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: Buffer.from(
          '<Relationships><Relationship Id="s" Type="http://r/worksheet" Target="worksheets/s.xml"/></Relationships>',
        ),
      },
      {
        name: 'xl/worksheets/s.xml',
        data: Buffer.from(
          `<worksheet><sheetData><row>${cell('DeviceId')}${cell('eGroup')}${cell('eId')}${cell('IntCounter')}</row>` +
            `<row><c t="s"><v>999999</v></c>${cell('HEAP')}${cell('1')}<c><v>7</v></c></row></sheetData></worksheet>`,
        ),
      },
      { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst>${strings.join('')}</sst>`) },
    ]);
    const config = app.strapi.config;
    const before = config.get<Record<string, number>>('plugin::utilities.usage.import');
    try {
      config.set('plugin::utilities.usage.import', { ...before, readerHeapMb: 16 });
      const refused = await upload(root, book, 'strings.xlsx');
      expect(refused.status).toBe(413);
      expect(refused.body.error.message).toBe(
        "Reading this file needs more than the 16 MB an upload's reader may use (plugin config usage.import.readerHeapMb); split it into smaller files",
      );
      expect(refused.body.error.details).toMatchObject({
        code: 'usage-import.reader-out-of-memory',
        params: { limitMb: 16 },
      });
      const [log] = (await app.strapi.documents('plugin::utilities.ingestion-log').findMany({
        filters: { fileName: 'strings.xlsx' },
      } as never)) as unknown as Array<{ status: string; error: string }>;
      expect(log).toMatchObject({
        status: 'Failed',
        error: expect.stringMatching(/usage\.import\.readerHeapMb/),
      });
      expect(await countRecords(app.strapi, { device_id: 'shared text 999999' })).toBe(0);
    } finally {
      config.set('plugin::utilities.usage.import', before);
    }
    const read = await upload(root, book, 'strings.xlsx');
    expect(read.status).toBe(201);
    expect(await countRecords(app.strapi, { device_id: 'shared text 999999', e_group: 'HEAP' })).toBe(1);
  });

  test.each([
    [
      'a PDF',
      Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'),
      'report.xlsx',
      /PDF document, not a spreadsheet/,
    ],
    [
      'binary garbage',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'data.csv',
      /not a spreadsheet: it contains binary data/,
    ],
    [
      'an old .xls',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
      'old.xls',
      /old-format Excel workbook/,
    ],
    [
      'a zip without a workbook',
      buildZip([{ name: 'hello.txt', data: Buffer.from('hi') }]),
      'x.xlsx',
      /zip archive without an Excel workbook/,
    ],
    ['an empty file', Buffer.alloc(0), 'empty.csv', /The file is empty/],
  ])('%s → 400', async (_name, bytes, name, message) => {
    const res = await upload(root, bytes, name);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  test('the size and row limits come from the plugin config; a file over the row limit leaves nothing behind', async () => {
    const config = app.strapi.config;
    const before = config.get<Record<string, number>>('plugin::utilities.usage.import');
    const csv = Buffer.from(
      `eGroup,eId,DeviceId,IntCounter\n${Array.from({ length: 5 }, (_, i) => `LIMIT,1,limit-dev,${i}`).join('\n')}\n`,
    );
    try {
      config.set('plugin::utilities.usage.import', { ...before, maxFileBytes: 50 });
      const big = await upload(root, csv, 'big.csv');
      expect(big.status).toBe(413);
      expect(big.body.error.message).toMatch(/at most 50 bytes can be imported/);

      // 1,200 rows without event refs against a limit of 1,100: the first chunks reach the
      // database before the limit is met, and must leave again — a partly stored file would
      // double these rows when it is re-uploaded after splitting.
      config.set('plugin::utilities.usage.import', { ...before, maxRows: 1100 });
      const rows = Buffer.from(
        `eGroup,eId,DeviceId,IntCounter\n${Array.from({ length: 1200 }, (_, i) => `LIMIT,1,limit-dev,${i}`).join('\n')}\n`,
      );
      const long = await upload(root, rows, 'long.csv');
      expect(long.status).toBe(413);
      expect(long.body.error.message).toMatch(/more than 1100 data rows/);
      expect(await countRecords(app.strapi, { device_id: 'limit-dev' })).toBe(0);
      const logs = (await app.strapi
        .documents('plugin::utilities.ingestion-log')
        .findMany({ filters: { fileName: 'long.csv' } } as never)) as unknown as Array<{
        status: string;
        error: string;
      }>;
      expect(logs[0].status).toBe('Failed');
      expect(logs[0].error).toMatch(/nothing from this file was kept/);
    } finally {
      config.set('plugin::utilities.usage.import', before);
    }
  });

  test('multipart mistakes → 400', async () => {
    const noFile = await upload(root, null, 'x', { eGroup: 'A' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.message).toMatch(/as the multipart form field "file"/);
    const json = await root.post(IMPORT, { file: 'usage.csv' });
    expect(json.status).toBe(400);
    const wrongName = await app
      .http()
      .post(IMPORT)
      .set('Authorization', `Bearer ${root.token}`)
      .attach('upload', Buffer.from('a,b\n'), 'x.csv');
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error.message).toMatch(/form field "file" \(received "upload"\)/);
    const two = await app
      .http()
      .post(IMPORT)
      .set('Authorization', `Bearer ${root.token}`)
      .attach('file', Buffer.from('a\n'), 'a.csv')
      .attach('file', Buffer.from('b\n'), 'b.csv');
    expect(two.status).toBe(400);
    expect(two.body.error.message).toMatch(/one spreadsheet at a time/);
    const unknownField = await upload(root, Buffer.from('eGroup,eId,DeviceId\nA,1,x\n'), 'u.csv', {
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(/Unknown form field "colour"/);
    const badDefault = await upload(root, Buffer.from('DeviceId\nx\n'), 'u.csv', {
      eGroup: '1ABC',
      eId: 'x',
    });
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.error.message).toMatch(
      /eGroup chosen for the whole file must start with a letter/,
    );
  });
});

describe('permissions and the module switch', () => {
  const csv = () => Buffer.from('eGroup,eId,DeviceId,EventRef\nRBAC,1,rbac-dev,r1\n');

  test('import needs usage-records.import; the row outcomes need usage-records.read', async () => {
    const reader = await adminWith(app.strapi, app.http, ['usage-records.read']);
    const refused = await upload(reader, csv(), 'rbac.csv');
    expect(refused.status).toBe(403);
    expect(await countRecords(app.strapi, { device_id: 'rbac-dev' })).toBe(0);

    const importer = await adminWith(app.strapi, app.http, ['usage-records.import']);
    const ok = await upload(importer, csv(), 'rbac.csv');
    expect(ok.status).toBe(201);
    expect((await importer.get('/utilities/usage-records')).status).toBe(403);
    expect(
      (await importer.get(`/utilities/usage-records/imports/${ok.body.data.log.documentId}/rows`)).status,
    ).toBe(403);
    const rows = await reader.get(`/utilities/usage-records/imports/${ok.body.data.log.documentId}/rows`);
    expect(rows.status).toBe(200);
    expect(rows.body.data).toEqual([
      {
        row: 2,
        outcome: 'created',
        deviceId: 'rbac-dev',
        eGroup: 'RBAC',
        eId: '1',
        eventRef: 'r1',
        recordId: expect.any(Number),
        error: null,
      },
    ]);
    expect((await app.http().post(IMPORT).attach('file', csv(), 'x.csv')).status).toBe(401);
  });

  test('rows of an unknown import → 404; bad outcome filter → 400', async () => {
    expect((await root.get('/utilities/usage-records/imports/nope/rows')).status).toBe(404);
    const any = (await root.get('/utilities/usage-records?source=upload&pageSize=1')).body.data[0].importLog;
    expect((await root.get(`/utilities/usage-records/imports/${any}/rows?outcome=maybe`)).status).toBe(400);
  });

  test('with the usage module off the upload answers 403 ModuleDisabledError', async () => {
    await root.put('/utilities/settings', { modules: { usage: false } });
    try {
      const res = await upload(root, csv(), 'off.csv');
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('ModuleDisabledError');
    } finally {
      await root.put('/utilities/settings', { modules: { usage: true } });
    }
  });
});

describe('an upload cut off by a stopped server', () => {
  const imports = () => app.strapi.plugin('utilities').service('usage-imports');
  const knex = () => app.strapi.db.connection;
  const TTL = 60_000;
  // The plugin's own sweep (every TTL) must not run in between the test's steps.
  beforeAll(() => imports().stopRecovery());

  /**
   * Leaves an upload as a server killed after committing its chunks leaves it: the log
   * still Processing, started `ageMs` ago, its lease last renewed by the dead process.
   */
  async function interruptedUpload(name: string, rows: string[], ageMs: number, leaseExpiresInMs: number) {
    const csv = Buffer.from(`eGroup,eId,DeviceId,EventRef,IntCounter\n${rows.join('\n')}\n`);
    const res = await upload(root, csv, name);
    expect(res.status).toBe(201);
    const logRef = res.body.data.log.documentId as string;
    const startedAt = new Date(Date.now() - ageMs);
    await app.strapi.documents('plugin::utilities.ingestion-log').update({
      documentId: logRef,
      data: { status: 'Processing', startedAt: startedAt.toISOString(), completedAt: null },
    } as never);
    await knex()('utilities_leases').insert({
      name: `usage-import:${logRef}`,
      holder: 'dead-host:1:gone',
      expires_at: Date.now() + leaseExpiresInMs,
      acquired_at: startedAt.getTime(),
      heartbeat_at: startedAt.getTime(),
    });
    return logRef;
  }

  test('its stored part is removed, originals of its duplicates stay, and the log says what happened', async () => {
    const device = withToken(app.http, await apiToken(app.strapi, [INGEST]));
    expect((await device.get('/api/utilities/usage-records/CUT/1/cut-dev?ref=c-0&intcounter=7')).status).toBe(
      201,
    );
    const rows = Array.from({ length: 2500 }, (_, i) => `CUT,1,cut-dev,c-${i},${i}`).concat([
      'CUT,1,cut-dev,,1',
      'CUT,1,cut-dev,,2',
    ]);
    const cut = await interruptedUpload('cut.csv', rows, 2 * TTL, -1);
    // Another upload, still being read by a live instance (its lease is fresh): left alone.
    const live = await interruptedUpload('live.csv', ['CUT,1,live-dev,l-1,1'], 2 * TTL, TTL);
    // One that started a moment ago (it may not hold its lease yet): left alone.
    const young = await interruptedUpload('young.csv', ['CUT,1,young-dev,y-1,1'], 1_000, -1);
    expect(await countRecords(app.strapi, { device_id: 'cut-dev' })).toBe(2502);

    expect(await imports().recoverInterrupted()).toEqual([cut]);

    // The device's own record (the original of the upload's duplicate row) is kept.
    expect(await countRecords(app.strapi, { device_id: 'cut-dev' })).toBe(1);
    expect(
      await knex()('utilities_usage_records').where({ device_id: 'cut-dev' }).first('event_ref', 'source'),
    ).toMatchObject({ event_ref: 'c-0', source: 'api' });
    expect(
      Number((await knex()('utilities_usage_import_rows').where({ log_ref: cut }).count({ n: '*' }))[0].n),
    ).toBe(0);
    expect(await logOf(cut)).toMatchObject({
      status: 'Failed',
      error: expect.stringMatching(/stopped before the end of the file.*nothing from this file was kept/),
    });
    expect(
      await knex()('utilities_leases')
        .where({ name: `usage-import:${cut}` })
        .first(),
    ).toBeUndefined();
    for (const [logRef, deviceId] of [
      [live, 'live-dev'],
      [young, 'young-dev'],
    ]) {
      expect(await logOf(logRef)).toMatchObject({ status: 'Processing' });
      expect(await countRecords(app.strapi, { device_id: deviceId })).toBe(1);
    }
    // A second sweep finds nothing more to do.
    expect(await imports().recoverInterrupted()).toEqual([]);

    // Uploading the file again stores each row once: refs and ref-less rows alike.
    const again = await upload(
      root,
      Buffer.from(`eGroup,eId,DeviceId,EventRef,IntCounter\n${rows.join('\n')}\n`),
      'cut.csv',
    );
    expect(again.body.data).toMatchObject({ created: 2501, duplicates: 1, rejected: 0 });
    expect(await countRecords(app.strapi, { device_id: 'cut-dev' })).toBe(2502);

    // The live one's reader dies too; once its lease lapses, the sweep takes it.
    expect(await imports().recoverInterrupted(new Date(Date.now() + 2 * TTL))).toEqual(
      expect.arrayContaining([live, young]),
    );
    expect(await countRecords(app.strapi, { device_id: 'live-dev' })).toBe(0);
  });

  test('the sweep runs when the plugin starts its recovery (as at start-up)', async () => {
    const logRef = await interruptedUpload('restart.csv', ['CUT,1,restart-dev,r-1,1'], 2 * TTL, -1);
    imports().stopRecovery();
    imports().startRecovery();
    for (let i = 0; i < 100 && (await logOf(logRef))?.status === 'Processing'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await logOf(logRef)).toMatchObject({ status: 'Failed' });
    expect(await countRecords(app.strapi, { device_id: 'restart-dev' })).toBe(0);
  });

  test('an upgraded database: the row column is added at start, and an upload stored before it still lists, counts and undoes', async () => {
    // The table as a release before `source_row` made it.
    await knex().schema.alterTable('utilities_usage_records', (t) => {
      t.dropIndex(['source_log_ref', 'source_row'], 'utilities_usage_records_upload_row_idx');
      t.dropColumn('source_row');
    });
    app = await app.restart();
    root = await superAdmin(app.strapi, app.http);
    imports().stopRecovery();
    expect(await knex().schema.hasColumn('utilities_usage_records', 'source_row')).toBe(true);

    // An upload as that release stored it: its records carry no row, a `created` row each names them.
    const logRef = await interruptedUpload(
      'legacy.csv',
      ['LEG,1,leg-dev,l-0,1', 'LEG,1,leg-dev,l-1,2', 'LEG,1,leg-dev,l-0,1'],
      2 * TTL,
      -1,
    );
    type Stored = Record<string, unknown> & { id: number; source_row: number };
    const records = await knex()('utilities_usage_records')
      .where({ source_log_ref: logRef })
      .orderBy('source_row')
      .select<Stored[]>('id', 'source_row', 'device_id', 'e_group', 'e_id', 'event_ref');
    expect(records.map((r) => r.source_row)).toEqual([2, 3]);
    await knex()('utilities_usage_import_rows').insert(
      records.map(({ id, source_row, ...key }) => ({
        log_ref: logRef,
        row_number: source_row,
        outcome: 'created',
        record_id: id,
        ...key,
      })),
    );
    await knex()('utilities_usage_records').where({ source_log_ref: logRef }).update({ source_row: null });

    const listed = await root.get(`/utilities/usage-records/imports/${logRef}/rows`);
    expect(listed.body.meta.pagination.total).toBe(3);
    expect(
      listed.body.data.map((r: { row: number; outcome: string; recordId: number }) => [
        r.row,
        r.outcome,
        r.recordId,
      ]),
    ).toEqual([
      [2, 'created', Number(records[0].id)],
      [3, 'created', Number(records[1].id)],
      [4, 'duplicate', Number(records[0].id)],
    ]);
    expect(await imports().recoverInterrupted()).toEqual([logRef]);
    expect(await countRecords(app.strapi, { device_id: 'leg-dev' })).toBe(0);
    expect(
      Number((await knex()('utilities_usage_import_rows').where({ log_ref: logRef }).count({ n: '*' }))[0].n),
    ).toBe(0);
  });
});
