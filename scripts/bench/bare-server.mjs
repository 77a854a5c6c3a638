// The bench's reference server: Fastify alone, answering GET /health/live with the service's body,
// status and cache-control, but no helmet headers, no x-request-id and no logging. The bench starts
// it with PORT set.
import Fastify from 'fastify';

/** What the service's GET /health/live answers (Terminus with no indicator). */
const LIVE_BODY = { status: 'ok', info: {}, error: {}, details: {} };

const app = Fastify({ logger: false });
app.get('/health/live', (_request, reply) => {
  void reply.header('cache-control', 'no-store').send(LIVE_BODY);
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
