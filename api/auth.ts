// Bearer-token authentication: the token's SHA-256 is looked up among the hashes in
// auth.yaml (or derived from the env var a token entry names). Adds the actor to the context.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { LoadedConfig } from '../config/load';
import type { Role } from '../config/schema/auth';
import type { ConfigSource } from '../config/source';
import { problems } from './problem';

export interface Principal {
  name: string;
  role: Role;
  subject: string;
}

export type AuthEnv = { Variables: { principal: Principal } };

const sha256 = (text: string) => createHash('sha256').update(text).digest();

const tableCache = new WeakMap<LoadedConfig, Array<{ hash: Buffer; principal: Principal }>>();

function tokenTable(config: LoadedConfig, env: NodeJS.ProcessEnv) {
  let table = tableCache.get(config);
  if (!table) {
    table = config.auth.tokens.flatMap((t) => {
      const hash = t.sha256 ? Buffer.from(t.sha256, 'hex') : t.tokenEnv && env[t.tokenEnv] ? sha256(env[t.tokenEnv]!) : null;
      return hash ? [{ hash, principal: { name: t.name, role: t.role, subject: t.subject } }] : [];
    });
    tableCache.set(config, table);
  }
  return table;
}

/** The principal an API token stands for, or null; the workbench's token sign-in uses it too. */
export function principalOfToken(config: LoadedConfig, token: string, env: NodeJS.ProcessEnv = process.env): Principal | null {
  const presented = sha256(token);
  return tokenTable(config, env).find((t) => timingSafeEqual(t.hash, presented))?.principal ?? null;
}

export function authenticate(config: ConfigSource, env: NodeJS.ProcessEnv = process.env): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw problems.unauthenticated();
    const principal = principalOfToken(config.current(), match[1], env);
    if (!principal) throw problems.unauthenticated();
    c.set('principal', principal);
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!roles.includes(principal.role)) throw problems.forbidden(`this needs the role ${roles.join(' or ')}`);
    await next();
  };
}
