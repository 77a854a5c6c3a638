// The accounts the scenarios' tokens come from, on one service: a user (role user) who signs up, the
// same user's claims under a wrong signature, and the first admin (the PGlite service has one).
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

/** The same header and claims, signed with another key: a token of valid shape, wrong signature. */
function forgeSignature(token) {
  const [header, payload] = token.split('.');
  const signature = createHmac('sha256', 'not-the-service-key-but-just-as-long!!')
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}
