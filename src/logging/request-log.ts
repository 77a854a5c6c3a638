import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { redactQuery } from '../http/redact-query.js';

export interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  remoteAddress: string | undefined;
}

/**
 * How a request appears in the log: never its headers, and credential-like query values masked,
 * so no token or cookie can reach the log.
 */
export function loggedRequest(request: FastifyRequest): LoggedRequest {
  return {
    id: request.id,
    method: request.method,
    url: redactQuery(request.url),
    remoteAddress: request.socket.remoteAddress,
  };
}

/**
 * One short line per request, written once the response has gone, from Fastify's own hook: no
 * middleware and no per-request context to carry.
 */
export function logEachRequest(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('info')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const { statusCode } = reply;
    logger.info(
      {
        req: loggedRequest(request),
        res: { statusCode },
        responseTime: Math.round(reply.elapsedTime),
      },
      statusCode >= 500 ? 'request errored' : 'request completed',
    );
    done();
  });
}
