import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { ACTIONS, actionUid } from '../../src/permissions';

/**
 * Every admin route is guarded on the server: by its RBAC action, and by the
 * module it belongs to. The UI hiding a button is never the only guard.
 *
 * @sqlite-only the database server plays no part: action registration and route guards are
 * decided before any query.
 */
let app: TestApp;
let root: Agent;
let typeId: string;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_DISABLED_MODULES: 'billing' });
  root = await superAdmin(app.strapi, app.http);
  typeId = (await root.post('/utilities/utility-types', { code: 'WATER', name: 'Water' })).body.data
    .documentId;
});
afterAll(() => app?.stop());

test('every action of DESIGN §5 is registered in the plugins section', async () => {
  const registered = app.strapi.service('admin::permission').actionProvider.values();
  const ours = registered.filter((a: { pluginName?: string }) => a.pluginName === 'utilities');
  expect(ours.map((a: { actionId: string }) => a.actionId).sort()).toEqual(
    (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).map((k) => actionUid(k)).sort(),
  );
  expect(ours.every((a: { section: string }) => a.section === 'plugins')).toBe(true);
});

describe('utility-type routes need their action', () => {
  const routes = [
    { action: 'types.read', call: (a: Agent) => a.get('/utilities/utility-types') },
    { action: 'types.read', call: (a: Agent) => a.get(`/utilities/utility-types/${typeId}`) },
    {
      action: 'types.create',
      call: (a: Agent) => a.post('/utilities/utility-types', { code: 'RBAC_NEW', name: 'New' }),
    },
    {
      action: 'types.update',
      call: (a: Agent) => a.put(`/utilities/utility-types/${typeId}`, { name: 'Renamed' }),
    },
    { action: 'types.delete', call: (a: Agent) => a.delete(`/utilities/utility-types/${typeId}`) },
  ] as const;

  test.each(routes.map((r) => [r.action, r] as const))(
    'without %s → 403, and nothing changes',
    async (action, route) => {
      const allOthers = (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).filter((a) => a !== action);
      const editor = await adminWith(app.strapi, app.http, allOthers);
      const res = await route.call(editor);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('PolicyError');
      const stored = await root.get(`/utilities/utility-types/${typeId}`);
      expect(stored.body.data).toMatchObject({ code: 'WATER', name: 'Water' });
    },
  );

  test.each(routes.map((r) => [r.action, r] as const))('with only %s → allowed', async (action, route) => {
    const editor = await adminWith(app.strapi, app.http, [action]);
    const res = await route.call(editor);
    expect([200, 201]).toContain(res.status);
    if (action === 'types.delete') {
      // put it back for the other cases
      typeId = (await root.post('/utilities/utility-types', { code: 'WATER', name: 'Water' })).body.data
        .documentId;
    }
    if (action === 'types.update') await root.put(`/utilities/utility-types/${typeId}`, { name: 'Water' });
  });

  test('without a token → 401', async () => {
    const res = await app.http().get('/utilities/utility-types');
    expect(res.status).toBe(401);
  });

  test('a forged token → 401', async () => {
    const res = await app.http().get('/utilities/utility-types').set('Authorization', 'Bearer not.a.jwt');
    expect(res.status).toBe(401);
  });
});

describe('modules', () => {
  test('defaults come from plugin config (the playground started with billing off)', async () => {
    const res = await root.get('/utilities/settings');
    expect(res.status).toBe(200);
    expect(res.body.data.modules).toEqual({ utilities: true, devices: true, billing: false, usage: true });
  });

  test('any signed-in admin can read module states (the UI needs them); nobody anonymous', async () => {
    const editor = await adminWith(app.strapi, app.http, []);
    expect((await editor.get('/utilities/modules')).body.data.utilities).toBe(true);
    expect((await app.http().get('/utilities/modules')).status).toBe(401);
  });

  test('switching needs settings.write; reading settings needs settings.read', async () => {
    const reader = await adminWith(app.strapi, app.http, ['settings.read']);
    expect((await reader.get('/utilities/settings')).status).toBe(200);
    expect((await reader.put('/utilities/settings', { modules: { utilities: false } })).status).toBe(403);
    const nobody = await adminWith(app.strapi, app.http, ['types.read']);
    expect((await nobody.get('/utilities/settings')).status).toBe(403);
    expect((await root.get('/utilities/utility-types')).status).toBe(200);
  });

  test('a disabled module answers 403 ModuleDisabledError naming it; switching back restores it', async () => {
    const editor = await adminWith(app.strapi, app.http, ['types.read', 'settings.read', 'settings.write']);
    const off = await editor.put('/utilities/settings', { modules: { utilities: false } });
    expect(off.status).toBe(200);
    expect(off.body.data.modules.utilities).toBe(false);

    for (const res of [
      await editor.get('/utilities/utility-types'),
      await root.post('/utilities/utility-types', { code: 'X', name: 'X' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('ModuleDisabledError');
      expect(res.body.error.message).toBe('The Utilities module is not enabled');
    }
    // settings stay reachable, or nobody could switch the module back on
    const on = await editor.put('/utilities/settings', { modules: { utilities: true } });
    expect(on.body.data.modules).toEqual({ utilities: true, devices: true, billing: false, usage: true });
    expect((await editor.get('/utilities/utility-types')).status).toBe(200);
  });

  test('the switch is stored: a restart keeps it', async () => {
    await root.put('/utilities/settings', { modules: { usage: false } });
    const stored = await app.strapi.store({ type: 'plugin', name: 'utilities' }).get({ key: 'modules' });
    expect(stored).toMatchObject({ usage: false });
    await root.put('/utilities/settings', { modules: { usage: true } });
  });

  test.each([
    [{ modules: { utilities: 'no' } }, 'modules.utilities'],
    [{ modules: { invoicing: true } }, 'modules.invoicing'],
    [{ modules: [] }, 'modules'],
    [{ other: 1 }, 'other'],
  ])('bad settings body %j → 400 naming %s', async (body, field) => {
    const res = await root.put('/utilities/settings', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path.join('.')).toBe(field);
  });
});
