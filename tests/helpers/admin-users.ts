import type { Core } from '@strapi/strapi';
import type request from 'supertest';
import { actionUid, type ActionKey } from '../../src/permissions';

export type Agent = {
  token: string;
  get: (url: string) => request.Test;
  post: (url: string, body?: unknown) => request.Test;
  put: (url: string, body?: unknown) => request.Test;
  delete: (url: string) => request.Test;
};

const PASSWORD = 'Test-Passw0rd!';
/**
 * PASSWORD hashed with bcrypt at cost 4. Strapi hashes admin passwords at cost 10 in pure
 * JavaScript (bcryptjs): a tenth of a second per hash and again per login, a tenth of the
 * integration suites' time. The users are created without a password and given this hash,
 * which logins check at the cost it names; the login path itself is Strapi's, unchanged.
 */
const PASSWORD_HASH_COST_4 = '$2a$04$zJ28oJ3N3t5MHcTHgICei.Ok/WcYzMryPd0HBVzHY4t5Sutg0hDUq';
let counter = 0;

async function login(http: () => ReturnType<typeof request>, email: string): Promise<Agent> {
  const res = await http().post('/admin/login').send({ email, password: PASSWORD });
  if (res.status !== 200)
    throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.data.token as string;
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  return {
    token,
    get: (url) => auth(http().get(url)),
    post: (url, body) => auth(http().post(url)).send(body as object),
    put: (url, body) => auth(http().put(url)).send(body as object),
    delete: (url) => auth(http().delete(url)),
  };
}

async function createUser(strapi: Core.Strapi, attributes: Record<string, unknown>) {
  const user = await strapi.service('admin::user').create(attributes);
  await strapi.db
    .query('admin::user')
    .update({ where: { id: user.id }, data: { password: PASSWORD_HASH_COST_4 } });
}

/** A signed-in super admin (the guide's admin:full:access). */
export async function superAdmin(strapi: Core.Strapi, http: () => ReturnType<typeof request>) {
  const email = `super${++counter}@example.test`;
  const role = await strapi.service('admin::role').getSuperAdmin();
  await createUser(strapi, {
    email,
    firstname: 'Super',
    lastname: 'Admin',
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return login(http, email);
}

/** A signed-in admin whose only role grants exactly `actions`. */
export async function adminWith(
  strapi: Core.Strapi,
  http: () => ReturnType<typeof request>,
  actions: ActionKey[],
) {
  const n = ++counter;
  const roles = strapi.service('admin::role');
  const role = await roles.create({
    name: `Editor ${n}`,
    description: `actions: ${actions.join(', ') || 'none'}`.slice(0, 250),
  });
  await roles.assignPermissions(
    role.id,
    actions.map((a) => ({ action: actionUid(a), subject: null, properties: {}, conditions: [] })),
  );
  const email = `editor${n}@example.test`;
  await createUser(strapi, {
    email,
    firstname: 'Editor',
    lastname: String(n),
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return login(http, email);
}
