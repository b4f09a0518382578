import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { createBuilding, createParty } from '../helpers/billing';
import { issuerByKey } from '../../server/services/documents/issuer-resolution';

/** Issuer settings over HTTP: what the QR-bill could not carry is refused with the field named. */
let app: TestApp;
let root: Agent;
let building: string;
const files: Record<string, number> = {};

const valid = {
  name: 'Immo Seefeld AG',
  address: {
    street: 'Seefeldstrasse',
    buildingNumber: '12',
    postalCode: '8008',
    town: 'Zürich',
    country: 'ch',
  },
  vatNumber: 'CHE-123.456.789 MWST',
  iban: 'CH44 3199 9123 0008 8901 2',
  paymentTermsDays: 20,
  footer: 'Fragen: rechnungen@seefeld.example\nTel. 044 000 00 00',
  defaultLanguage: 'de',
  invoiceNumberPattern: 'R-{YYYY}-{SEQ:5}',
  creditNoteNumberPattern: 'GS-{YYYY}-{SEQ:5}',
};

async function mediaFile(name: string, mime: string) {
  const row = (await app.strapi.db.query('plugin::upload.file').create({
    data: {
      name,
      hash: name.replace(/\W/g, '_'),
      ext: '.x',
      mime,
      size: 1,
      url: `/uploads/${name}`,
      provider: 'local',
    },
  })) as { id: number };
  return row.id;
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Gérance du Lac SA' });
  building = (await createBuilding(root, { code: 'LS1', name: 'Ouchy', owner: owner.documentId })).documentId;
  files.png = await mediaFile('logo.png', 'image/png');
  files.svg = await mediaFile('logo.svg', 'image/svg+xml');
  files.pdf = await mediaFile('terms.pdf', 'application/pdf');
});
afterAll(async () => app?.stop());

const errorAt = (
  res: { status: number; body: { error: { details: { errors: unknown } } } },
  path: string,
) => {
  expect(res.status).toBe(400);
  return (res.body.error.details.errors as { path: string[]; message: string }[]).find(
    (e) => e.path.join('.') === path,
  )?.message;
};

test('the default issuer is saved as given, the IBAN compacted, and a second PUT replaces it', async () => {
  const first = await root.put('/utilities/document-settings', { ...valid, logoFileId: files.png });
  expect(first.status).toBe(200);
  expect(first.body.data).toMatchObject({
    name: 'Immo Seefeld AG',
    iban: 'CH4431999123000889012',
    address: { country: 'CH', town: 'Zürich' },
    logoFileId: files.png,
    paymentTermsDays: 20,
  });
  // The same PUT again: the same record, nothing duplicated.
  expect((await root.put('/utilities/document-settings', { ...valid, logoFileId: files.png })).status).toBe(
    200,
  );
  const read = (await root.get('/utilities/document-settings')).body.data;
  expect(read.default.invoiceNumberPattern).toBe('R-{YYYY}-{SEQ:5}');
  expect(read.buildings).toEqual([]);
  expect(await app.strapi.db.query('plugin::utilities.document-issuer').count({})).toBe(1);
});

test.each([
  ['iban', { iban: 'CH44 3199 9123 0008 8901 3' }, 'check digits'],
  ['iban', { iban: 'DROP TABLE' }, 'country code'],
  ['address.town', { address: { ...valid.address, town: 'T'.repeat(36) } }, 'at most 35'],
  ['address.street', { address: { ...valid.address, street: 'S'.repeat(71) } }, 'at most 70'],
  ['name', { name: 'N'.repeat(71) }, 'at most 70'],
  ['name', { name: 'Immo\u0000AG' }, 'control or invisible'],
  ['vatNumber', { vatNumber: 'CHE-123456789' }, 'CHE-123.456.789'],
  ['invoiceNumberPattern', { invoiceNumberPattern: '{SEQ}' }, '{YYYY}'],
  ['defaultLanguage', { defaultLanguage: 'rm' }, 'de, fr, it, en'],
  ['paymentTermsDays', { paymentTermsDays: -1 }, '0–365'],
  ['logoFileId', { logoFileId: 'logo.png' }, 'media library'],
])('%s: %j is refused (%s) and nothing stored changes', async (path, patch, reason) => {
  const before = (await root.get('/utilities/document-settings')).body.data.default;
  const res = await root.put('/utilities/document-settings', { ...valid, ...patch });
  expect(errorAt(res, path)).toContain(reason);
  expect((await root.get('/utilities/document-settings')).body.data.default).toEqual(before);
});

test('a logo must be a PNG or JPEG of the media library', async () => {
  for (const id of [files.svg, files.pdf])
    expect(
      errorAt(await root.put('/utilities/document-settings', { ...valid, logoFileId: id }), 'logoFileId'),
    ).toContain('PNG or JPEG');
  expect(
    errorAt(await root.put('/utilities/document-settings', { ...valid, logoFileId: 999_999 }), 'logoFileId'),
  ).toContain('no media library file');
});

test('malformed bodies and unknown fields are refused', async () => {
  expect((await root.put('/utilities/document-settings', [valid])).status).toBe(400);
  expect(
    errorAt(await root.put('/utilities/document-settings', { ...valid, admin: true }), 'admin'),
  ).toContain('Unknown field');
});

test("a building's override: saved, listed, read, removed; unknown building 404", async () => {
  const put = await root.put(`/utilities/document-settings/buildings/${building}`, {
    name: 'Gérance du Lac SA',
    iban: 'CH93 0076 2011 6238 5295 7',
    defaultLanguage: 'fr',
  });
  expect(put.status).toBe(200);
  const all = (await root.get('/utilities/document-settings')).body.data;
  expect(all.buildings).toHaveLength(1);
  expect(all.buildings[0]).toMatchObject({
    building: { code: 'LS1' },
    name: 'Gérance du Lac SA',
    defaultLanguage: 'fr',
  });
  expect((await root.get(`/utilities/document-settings/buildings/${building}`)).body.data.iban).toBe(
    'CH9300762011623852957',
  );
  expect((await root.put('/utilities/document-settings/buildings/nope', { name: 'x' })).status).toBe(404);
  expect((await root.delete(`/utilities/document-settings/buildings/${building}`)).status).toBe(204);
  expect((await root.get('/utilities/document-settings')).body.data.buildings).toEqual([]);
});

test("a building's override that leaves the VAT number empty prints the default issuer's", async () => {
  expect((await root.put('/utilities/document-settings', valid)).status).toBe(200);
  const key = `building:${building}`;
  for (const empty of [{}, { vatNumber: '' }, { vatNumber: '   ' }, { vatNumber: null }]) {
    const put = await root.put(`/utilities/document-settings/buildings/${building}`, {
      name: 'Gérance du Lac SA',
      iban: 'CH93 0076 2011 6238 5295 7',
      ...empty,
    });
    expect(put.status).toBe(200);
    expect(put.body.data.vatNumber).toBeNull(); // stored empty: its own is not set
    // What its documents print: its own name and IBAN, the default issuer's VAT number.
    expect(await issuerByKey(app.strapi, key)).toMatchObject({
      key,
      name: 'Gérance du Lac SA',
      iban: 'CH9300762011623852957',
      vatNumber: 'CHE-123.456.789 MWST',
    });
  }
  // Its own VAT number, once given, is its own.
  expect(
    (
      await root.put(`/utilities/document-settings/buildings/${building}`, {
        name: 'Gérance du Lac SA',
        vatNumber: 'CHE-987.654.321 TVA',
      })
    ).status,
  ).toBe(200);
  expect((await issuerByKey(app.strapi, key)).vatNumber).toBe('CHE-987.654.321 TVA');
  expect((await root.delete(`/utilities/document-settings/buildings/${building}`)).status).toBe(204);
});
