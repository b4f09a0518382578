import { hash } from 'node:crypto';
import type { Core, Modules } from '@strapi/strapi';
import type { ParameterizedContext } from 'koa';
import { errors } from '@strapi/utils';
import { TtlCache } from '../../src/common/ttl-cache';

/**
 * The device routes' authentication: Strapi's content-API token check, with verified
 * tokens kept for a few seconds.
 *
 * Why our own strategy: Strapi's `content-api-token` looks the token and its permissions
 * up on every request (measured: authentication was 85 % of a single device POST). A
 * meter gateway posts every few seconds with the same token, so the lookup is cached,
 * keyed by the token's SHA-256 (the plain token is never kept; Strapi's own salted
 * HMAC-SHA512, which the lookup needs, costs ~8× more and was 2.7 % of a device POST's
 * CPU profile, so it is computed only on a miss):
 *
 * - a token changed, regenerated, revoked or re-permissioned **on this node** empties the
 *   cache at once (database lifecycles on the token and permission tables);
 * - **on another node** the change reaches this one within the TTL (`usage.apiTokenCacheMs`,
 *   5 s by default; 0 turns the cache off);
 * - expiry is checked on every request against the cached row, and `lastUsedAt` is
 *   written the way Strapi writes it (at most once an hour);
 * - unknown tokens are never cached, so guessing costs memory nothing.
 *
 * Every rule of Strapi's own strategy is kept: only `content-api` tokens, full-access
 * passes, read-only only for find scopes, custom tokens by their permissions.
 */
export const CACHED_API_TOKEN_STRATEGY = 'utilities-api-token';

type TokenType = 'read-only' | 'full-access' | 'custom';

interface StoredToken {
  id: number | string;
  type: TokenType;
  kind?: string | null;
  expiresAt?: string | Date | null;
  lastUsedAt?: string | Date | null;
  permissions?: string[];
}

type Ability = Awaited<ReturnType<Core.Strapi['contentAPI']['permissions']['engine']['generateAbility']>>;

interface Verified {
  token: StoredToken;
  ability: Ability | null;
}

interface ApiTokenService {
  hash(accessKey: string): string;
  getByAccessKey(accessKeyHash: string): Promise<StoredToken | null | undefined>;
}

type Strategy = Parameters<Modules.Auth.AuthenticationService['register']>[1];
type AuthInfo = Parameters<NonNullable<Strategy['verify']>>[0];
type RouteAuth = Parameters<NonNullable<Strategy['verify']>>[1];

/** What `authenticate` stored as the request's credentials, read back in `verify`. */
function isStoredToken(value: unknown): value is StoredToken {
  return typeof value === 'object' && value !== null && 'id' in value && 'type' in value;
}

const MAX_TOKENS = 10_000;
// Token permissions are actions without subjects; CASL reads a missing subject as 'all',
// which is what Strapi's own check (`ability.can(scope)`) relies on.
const ANY_SUBJECT = 'all';
const HOUR_MS = 3_600_000;
const TOKEN_MODELS = ['admin::api-token', 'admin::api-token-permission'];
const CHANGES = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

/** `Authorization: Bearer <token>` → the token; anything else → null (Strapi's reading). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const parts = header.split(/\s+/);
  return parts.length === 2 && parts[0].toLowerCase() === 'bearer' ? parts[1] : null;
}

function isExpired(token: StoredToken, now: number): boolean {
  return token.expiresAt != null && new Date(token.expiresAt).getTime() < now;
}

const isReadScope = (scope: string) => scope.endsWith('find') || scope.endsWith('findOne');

/** Registers the strategy for content-API routes that name it in `config.auth.strategies`. */
export function registerCachedApiTokenAuth(strapi: Core.Strapi, ttlMs: number): void {
  const cache = new TtlCache<Verified>(ttlMs, MAX_TOKENS);
  // Bumped on every token change, so a lookup that started before the change is not cached after it.
  let generation = 0;
  const forget = () => {
    generation += 1;
    cache.clear();
  };
  strapi.db.lifecycles.subscribe({
    models: TOKEN_MODELS,
    ...Object.fromEntries(CHANGES.map((action) => [action, forget])),
  });

  const tokens = (): ApiTokenService =>
    (strapi.service('admin::api-token-content-api') ?? strapi.service('admin::api-token')) as ApiTokenService;

  async function lookUp(accessKeyHash: string): Promise<Verified | null> {
    const token = await tokens().getByAccessKey(accessKeyHash);
    // Tokens made before Strapi had kinds have none; they are content-API tokens.
    if (token == null || (token.kind != null && token.kind !== 'content-api')) return null;
    const ability =
      token.type === 'custom'
        ? await strapi.contentAPI.permissions.engine.generateAbility(
            (token.permissions ?? []).map((action) => ({ action })),
          )
        : null;
    return { token, ability };
  }

  async function touch(token: StoredToken, now: number): Promise<void> {
    if (token.lastUsedAt != null && now - new Date(token.lastUsedAt).getTime() < HOUR_MS) return;
    token.lastUsedAt = new Date(now);
    await strapi.db
      .query('admin::api-token')
      .update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
  }

  const strategy: Strategy = {
    name: CACHED_API_TOKEN_STRATEGY,
    async authenticate(ctx: ParameterizedContext) {
      // Registered for every content-API route, but only answers on routes that ask for it:
      // other routes keep Strapi's own strategies without an extra lookup.
      const route = (ctx.state as { route?: Core.Route }).route;
      const auth = route?.config?.auth;
      if (!auth || !auth.strategies?.includes(CACHED_API_TOKEN_STRATEGY)) return { authenticated: false };
      const accessKey = bearerToken(ctx.request.header.authorization);
      if (accessKey === null) return { authenticated: false };

      const key = hash('sha256', accessKey, 'base64');
      let verified = cache.get(key);
      if (verified === undefined) {
        const started = generation;
        const found = await lookUp(tokens().hash(accessKey));
        if (found === null) return { authenticated: false };
        if (started === generation) cache.set(key, found);
        verified = found;
      }
      const now = Date.now();
      if (isExpired(verified.token, now)) {
        return { authenticated: false, error: new errors.UnauthorizedError('Token expired') };
      }
      await touch(verified.token, now);
      return { authenticated: true, credentials: verified.token, ability: verified.ability };
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- Strapi's Strategy type wants a promise
    async verify(auth: AuthInfo, config: RouteAuth) {
      const token = auth.credentials;
      if (!isStoredToken(token)) throw new errors.UnauthorizedError('Token not found');
      if (isExpired(token, Date.now())) throw new errors.UnauthorizedError('Token expired');
      if (token.type === 'full-access') return;
      const scope = config ? config.scope : undefined;
      const scopes = scope === undefined ? [] : ([] as string[]).concat(scope);
      if (token.type === 'read-only' && scopes.length > 0 && scopes.every(isReadScope)) return;
      const ability = auth.ability as Ability | null;
      if (
        token.type === 'custom' &&
        ability != null &&
        scopes.every((scope) => ability.can(scope, ANY_SUBJECT))
      )
        return;
      throw new errors.ForbiddenError();
    },
  };
  strapi.get<Modules.Auth.AuthenticationService>('auth').register('content-api', strategy);
}
