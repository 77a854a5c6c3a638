// The accounts the scenarios' tokens come from, on one service: a user (role user) who signs up, the
// same user's claims under a wrong signature or past their expiry, and the first admin (the PGlite
// service has one).
import { createHmac } from 'node:crypto';
import { expectStatus } from '../service-client.mjs';

export const JWT_SECRET = 'bench-signing-secret-of-at-least-32-bytes';
export const PASSWORD = 'bench-password';
/** The first admin of the PGlite service (FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD). */
export const ADMIN = { email: 'bench-admin@example.test', password: 'bench-admin-password' };

/** Unique per run, so that one PostgreSQL database serves several runs. */
const RUN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export function benchEmail(role) {
  return `bench-${role}-${RUN}@example.test`;
}

/**
 * The accounts a scenario's `token` names (`none` needs none): `user` and `forged`, and `admin`
 * when asked.
 * The login scenario logs in as the user (`server.shopperEmail`).
 */
export async function prepareAccounts(server, { admin = false } = {}) {
  const user = await signUp(server, benchEmail('shopper'));
  server.shopperEmail = user.email;
  return {
    user,
    forged: { token: forgeSignature(user.token) },
    expired: { token: expire(user.token) },
    ...(admin && { admin: await logInAdmin(server) }),
  };
}

export async function signUp(server, email) {
  const body = { email, password: PASSWORD };
  await expectStatus(server, 'POST', '/auth/register', { body });
  const login = await expectStatus(server, 'POST', '/auth/login', { body, expect: 200 });
  return { email, token: login.body.accessToken };
}

export async function logInAdmin(server) {
  const login = await expectStatus(server, 'POST', '/auth/login', { body: ADMIN, expect: 200 });
  return { email: ADMIN.email, token: login.body.accessToken };
}

/** The same header and claims, an hour past their expiry, signed with the service's key. */
function expire(token) {
  const [header, payload] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const lifetime = claims.exp - claims.iat;
  claims.exp = Math.floor(Date.now() / 1000) - 3600;
  claims.iat = claims.exp - lifetime;
  const expired = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${expired}.${sign(expired, JWT_SECRET)}`;
}

/** The same header and claims, signed with another key: a token of valid shape, wrong signature. */
function forgeSignature(token) {
  const [header, payload] = token.split('.');
  return `${header}.${payload}.${sign(`${header}.${payload}`, 'not-the-service-key-but-just-as-long!!')}`;
}

function sign(signingInput, key) {
  return createHmac('sha256', key).update(signingInput).digest('base64url');
}
