import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';

/**
 * Tariff calendars over HTTP (issue 16, item 1): saved only when the rules
 * accept them, every bad input a 400 naming the field, guarded by the rates
 * actions.
 */
let app: TestApp;
let root: Agent;

const swiss = {
  code: 'EKZ-HTNT',
  name: 'EKZ high/low tariff',
  windows: [
    { band: 'HT', days: ['fri', 'mon', 'tue', 'wed', 'thu'], from: '07:00', to: '20:00' },
    { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
  ],
  defaultBand: 'NT',
  holidayRegion: 'CH-ZH',
};

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

describe('tariff calendars', () => {
  let id: string;

  it('creates a calendar and shows its compiled week', async () => {
    const res = await root.post('/utilities/tariff-calendars', swiss);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    id = res.body.data.documentId;
    expect(res.body.data).toMatchObject({
      code: 'EKZ-HTNT',
      defaultBand: 'NT',
      holidayRegion: 'CH-ZH',
      holidayDates: [],
    });
    expect(res.body.data.windows[0].days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(res.body.data.week[5]).toEqual({
      day: 'sat',
      spans: [
        { band: 'NT', from: '00:00', to: '07:00' },
        { band: 'HT', from: '07:00', to: '13:00' },
        { band: 'NT', from: '13:00', to: '24:00' },
      ],
    });
    const list = await root.get('/utilities/tariff-calendars');
    expect(list.body.data.map((c: { code: string }) => c.code)).toEqual(['EKZ-HTNT']);
  });

  it.each([
    [
      'overlapping windows',
      { windows: [...swiss.windows, { band: 'PEAK', days: ['mon'], from: '19:00', to: '21:00' }] },
      'windows.2: Windows 1 and 3 overlap on Monday 19:00–20:00',
    ],
    [
      'windows not covering the week without a default band',
      { defaultBand: null },
      'defaultBand: The windows leave Monday 00:00–07:00 uncovered: add a window or a default band',
    ],
    [
      '25:00',
      { windows: [{ band: 'HT', days: ['mon'], from: '07:00', to: '25:00' }] },
      'windows.0.to: Window to must be a local time from 00:00 to 24:00, got "25:00"',
    ],
    ['an unknown canton', { holidayRegion: 'CH-XY' }, /^holidayRegion: Holiday region "XY" is not a canton/],
  ])('refuses %s with a 400 naming it', async (_what, patch, message) => {
    const res = await root.post('/utilities/tariff-calendars', { ...swiss, code: 'BAD', ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toEqual(
      typeof message === 'string' ? message : expect.stringMatching(message),
    );
  });

  it('refuses a duplicate code with 409', async () => {
    expect((await root.post('/utilities/tariff-calendars', swiss)).status).toBe(409);
  });

  it('replaces the schedule on PUT and keeps the code', async () => {
    const res = await root.put(`/utilities/tariff-calendars/${id}`, {
      windows: swiss.windows,
      defaultBand: 'NT',
      holidayRegion: null,
      holidayDates: ['2024-12-31', '2024-12-24'],
    });
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect(res.body.data).toMatchObject({
      code: 'EKZ-HTNT',
      holidayRegion: null,
      holidayDates: ['2024-12-24', '2024-12-31'],
    });
    const renamed = await root.put(`/utilities/tariff-calendars/${id}`, { ...swiss, code: 'OTHER' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toBe('The code of a tariff calendar cannot change (it is EKZ-HTNT)');
  });

  it('is guarded by rates.read and rates.write', async () => {
    const reader = await adminWith(app.strapi, app.http, ['rates.read']);
    expect((await reader.get(`/utilities/tariff-calendars/${id}`)).status).toBe(200);
    expect((await reader.post('/utilities/tariff-calendars', { ...swiss, code: 'R' })).status).toBe(403);
    expect((await reader.put(`/utilities/tariff-calendars/${id}`, swiss)).status).toBe(403);
    expect((await reader.delete(`/utilities/tariff-calendars/${id}`)).status).toBe(403);
    const nobody = await adminWith(app.strapi, app.http, []);
    expect((await nobody.get('/utilities/tariff-calendars')).status).toBe(403);
  });

  it('deletes a calendar', async () => {
    expect((await root.delete(`/utilities/tariff-calendars/${id}`)).status).toBe(200);
    expect((await root.get(`/utilities/tariff-calendars/${id}`)).status).toBe(404);
  });
});
