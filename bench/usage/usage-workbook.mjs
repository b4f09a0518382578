/**
 * The upload benchmarks' workbook: `rows` usage records in eight columns, 500 devices,
 * Dtu written as ISO 8601 text, each row with its own EventRef — written with exceljs's
 * streaming writer (plain cells, no shared strings, no styles).
 */
export async function writeUsageWorkbook(ExcelJS, file, rows, runId) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = writer.addWorksheet('Usage');
  sheet
    .addRow(['DeviceId', 'eGroup', 'eId', 'Dtu', 'EventRef', 'IntCounter', 'IntCounter2', 'Temperature'])
    .commit();
  const start = Date.UTC(2024, 0, 1);
  for (let r = 0; r < rows; r++) {
    sheet
      .addRow([
        `copier-${r % 500}`,
        'COPIER',
        'MONTHLY',
        new Date(start + r * 60_000).toISOString(),
        `u-${runId}-${r}`,
        1000 + r,
        r % 97,
        20 + (r % 10) / 10,
      ])
      .commit();
  }
  sheet.commit();
  await writer.commit();
}
