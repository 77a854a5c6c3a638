// What the load scripts (soak, bench) share: a free port for the service they start, waiting for
// it to answer, JSON requests to it, and whether it has a route.
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `url` every 100 ms until it answers 2xx; `assertAlive` throws once the server has died. */
export async function waitUntilOk(url, assertAlive, seconds) {
  for (let attempt = 0; attempt < seconds * 10; attempt++) {
    assertAlive();
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer in ${seconds} s`);
}

/** One request with an optional bearer token and JSON body; the answer's status and parsed body. */
export async function requestJson(base, method, path, { token, body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body && { 'content-type': 'application/json' }),
    },
    ...(body && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

/** A set-up request to `server` ({ name, base }), which must answer `expect`. */
export async function expectStatus(server, method, path, { token, body, expect = 201 } = {}) {
  const answer = await requestJson(server.base, method, path, { token, body });
  if (answer.status !== expect) {
    throw new Error(
      `${method} ${path} on ${server.name}: ${answer.status} ${answer.text.slice(0, 300)}`,
    );
  }
  return answer;
}

/** Unknown routes answer 404 before any guard runs; a known one answers anything else. */
export async function hasRoute(base, path) {
  const response = await fetch(`${base}${path}`);
  await response.arrayBuffer();
  return response.status !== 404;
}
