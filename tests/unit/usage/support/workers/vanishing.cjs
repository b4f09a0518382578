// A reader that opens, sends one batch, then ends without a word (a crash that is not an error).
const { parentPort } = require('node:worker_threads');
const report = {
  format: 'csv',
  sheetName: null,
  encoding: 'utf-8',
  delimiter: ',',
  headerRow: 1,
  columns: [],
  warnings: [],
  dataRows: 1,
  acceptedRows: 0,
  rejectedRows: 1,
  emptyRows: 0,
  finished: false,
};
parentPort.postMessage({ type: 'opened', report });
parentPort.once('message', () => {
  parentPort.postMessage({ type: 'rows', rows: [{ row: 2, error: 'x' }], report, done: false });
  parentPort.once('message', () => process.exit(3));
});
