import ExcelJS from 'exceljs';
import type { Agent } from './admin-users';

/** GET an XLSX download as a buffer; the response and the workbook read from it. */
export async function getWorkbook(agent: Agent, url: string) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  const workbook = new ExcelJS.Workbook();
  if (res.status === 200) await workbook.xlsx.load(res.body as never);
  return { res, workbook };
}
