import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { documentsFixture, draftRun, month, type DocumentsFixture } from './support/documents-fixture';

/**
 * Invoice numbers are given at finalize, per issuer and year, without gaps —
 * also when 20 runs are finalized at the same moment. The Lausanne building has
 * its own issuer (another owner), so its invoices count in their own sequence.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
const RUNS = 20;
const year = new Date().getFullYear(); // issue date = the finalize day (defaultTimezone UTC)

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, RUNS + 1);
  const own = await root.put(`/utilities/document-settings/buildings/${fx.buildings.ls}`, {
    name: 'Gérance du Lac SA',
  });
  if (own.status !== 200) throw new Error(`issuer override: ${own.status} ${JSON.stringify(own.body)}`);
}, 240_000);
afterAll(async () => app?.stop());

const invoicesOf = async (run: string) =>
  (await root.get(`/utilities/invoices?chargeRun=${run}&pageSize=100`)).body.data as {
    documentId: string;
    number: string | null;
    billingPoint: { documentId: string };
  }[];

test('a draft has no number; finalizing numbers its invoices and sets issue and due dates', async () => {
  const run = await draftRun(root, month(0));
  const drafts = await invoicesOf(run);
  expect(drafts).toHaveLength(2);
  expect(drafts.every((i) => i.number === null)).toBe(true);

  expect((await root.post(`/utilities/charge-runs/${run}/finalize`, {})).status).toBe(200);
  const numbered = await invoicesOf(run);
  const zh = numbered.find((i) => i.billingPoint.documentId === fx.points.zh)!;
  const ls = numbered.find((i) => i.billingPoint.documentId === fx.points.ls)!;
  // Each issuer's first invoice of the year: number 1 in the default pattern {YYYY}-{SEQ:6}.
  expect(zh.number).toBe(`${year}-000001`);
  expect(ls.number).toBe(`${year}-000001`);
  const detail = (await root.get(`/utilities/invoices/${zh.documentId}`)).body.data;
  expect(detail.issuer).toBe('default');
  expect(detail.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // Default payment terms: 30 days.
  expect(Date.parse(detail.dueOn) - Date.parse(detail.issuedOn)).toBe(30 * 86_400_000);
  expect((await root.get(`/utilities/invoices/${ls.documentId}`)).body.data.issuer).toBe(
    `building:${fx.buildings.ls}`,
  );
});

test(`${RUNS} concurrent finalizes: every issuer's numbers are 1…n without gap or repeat`, async () => {
  const runs: string[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await draftRun(root, month(i)));
  const answers = await Promise.all(
    runs.map((run) => root.post(`/utilities/charge-runs/${run}/finalize`, {})),
  );
  expect(answers.map((a) => a.status)).toEqual(runs.map(() => 200));

  const all = (await Promise.all([...runs].map(invoicesOf))).flat();
  expect(all).toHaveLength(RUNS * 2);
  for (const point of [fx.points.zh, fx.points.ls]) {
    const seqs = all
      .filter((i) => i.billingPoint.documentId === point)
      .map((i) => Number(i.number!.split('-')[1]))
      .sort((a, b) => a - b);
    // Number 1 went to the first test's run; the 20 runs took 2…21, each once.
    expect(seqs).toEqual(Array.from({ length: RUNS }, (_, k) => k + 2));
  }
});

test('a second finalize is refused and takes no number; voiding keeps the numbers', async () => {
  const run = await draftRun(root, month(RUNS + 1));
  await root.post(`/utilities/charge-runs/${run}/finalize`, {});
  // Finalizing twice is refused: both issuers' next number is still 22.
  expect((await root.post(`/utilities/charge-runs/${run}/finalize`, {})).status).toBe(409);
  const numbers = (await invoicesOf(run)).map((i) => i.number).sort();
  expect(numbers).toEqual([`${year}-000022`, `${year}-000022`]);
  expect((await root.post(`/utilities/charge-runs/${run}/void`, {})).status).toBe(200);
  expect((await invoicesOf(run)).map((i) => i.number).sort()).toEqual(numbers);
});
