// Login throughput on each service (POST /auth/login with the correct password, Argon2id verify on
// the server), with few connections: Argon2id on the server's thread pool is the limit.
import { PASSWORD } from './accounts.mjs';
import { measure, unexpectedMessage } from './load.mjs';
import { settings } from './options.mjs';

/** One result per service; unexpected statuses go to `failures`. */
export async function measureLogins(servers, failures) {
  const logins = [];
  for (const server of [servers.pglite, servers.postgres].filter(Boolean)) {
    const scenario = loginScenario(server);
    const result = await measure(scenario, settings.loginSeconds, settings.loginConnections);
    if (result.unexpected > 0) failures.push(unexpectedMessage(scenario, result, 'login'));
    logins.push({ server: server.name, connections: settings.loginConnections, ...result });
  }
  return logins;
}

function loginScenario(server) {
  return {
    id: 'login',
    name: 'POST /auth/login (correct password)',
    server,
    expect: 200,
    request: {
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.shopperEmail, password: PASSWORD }),
    },
  };
}
