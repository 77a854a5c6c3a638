import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/auth/role.enum.js';
import { UsersService } from '../../src/users/users.service.js';

export const PASSWORD = 'a-long-enough-password';

export interface SignedInUser {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID()}@example.test`;
}

/**
 * Creates a user straight in the store (no registration throttle), then logs in over HTTP. Their
 * email is not verified, as after a registration, unless `emailVerified` says otherwise.
 */
export async function signIn(
  app: NestFastifyApplication,
  roles: Role[] = [Role.User],
  { emailVerified = false } = {},
): Promise<SignedInUser> {
  const email = uniqueEmail(roles.join('-'));
  const user = await app.get(UsersService).create(email, PASSWORD, roles, emailVerified);
  const response = await request(app.getHttpServer())
    .post('/auth/login')
    .send({ email, password: PASSWORD })
    .expect(200);
  return { id: user.id, email, ...response.body };
}

/** A user who signed in, then was deleted: their access token is still well signed and unexpired. */
export async function signInThenDelete(app: NestFastifyApplication): Promise<SignedInUser> {
  const user = await signIn(app);
  await app.get(UsersService).remove(user.id);
  return user;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
