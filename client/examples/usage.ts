// A typed walk through the API, compiled in CI (`npm run typecheck`): no cast anywhere, every body
// and every error typed from the OpenAPI document. Only the auth routes, which every service keeps.
import { createApiClient } from '../src/api-client.js';

const { api, signIn } = createApiClient({
  baseUrl: 'http://localhost:3000',
  onSignedOut: () => console.log('Signed out: show the login page'),
});

const login = await signIn('user@example.com', 'demo-password');
if (login.error) {
  console.log(`${login.response.status} ${login.error.title}: ${login.error.detail}`);
} else {
  const expiresIn: number = login.data.expiresIn;
  console.log(`Signed in for ${expiresIn} s`);
}

const me = await api.GET('/auth/me');
if (me.data) {
  const roles: string[] = me.data.roles;
  console.log(me.data.email, roles, me.data.emailVerified);
}

// A list a page at a time: send nextCursor back as ?cursor= until it is null.
let cursor: string | undefined;
do {
  const page = await api.GET('/auth/sessions', { params: { query: { limit: 10, cursor } } });
  if (!page.data) break;
  for (const session of page.data.items) {
    if (!session.current)
      await api.DELETE('/auth/sessions/{id}', { params: { path: { id: session.id } } });
  }
  cursor = page.data.nextCursor ?? undefined;
} while (cursor);

const changed = await api.POST('/auth/password', {
  body: { currentPassword: 'demo-password', newPassword: 'a new long passphrase' },
});
if (changed.response.status === 403) console.log('Wrong current password:', changed.error?.detail);

const users = await api.GET('/admin/users');
if (users.error) console.log(`${users.response.status}: ${users.error.detail}`);
else for (const user of users.data.items) console.log(user.email, user.roles);
