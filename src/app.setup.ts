import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentBearerSecurity } from './access/bearer-security-docs.js';
import { collectRoutes } from './access/route-inventory.js';
import { documentCommonResponses } from './access/response-docs.js';
import { documentVerifiedEmailRule } from './access/verified-email-docs.js';
import { BEARER_SCHEME } from './auth/auth.constants.js';
import type { Environment } from './config/environment.js';
import { corsOrigins, trustProxySetting } from './config/http-settings.js';
import { NodeEnv } from './config/environment-values.js';
import { problemClientErrorHandler } from './http/client-error-handler.js';
import { redactQuery } from './http/redact-query.js';
import { logEachRequest } from './logging/request-log.js';
import { ROOT_LOGGER } from './logging/root-logger.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details/problem-details.js';

/** Larger bodies get 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Response headers a browser client may read besides the simple ones. */
const EXPOSED_HEADERS = ['WWW-Authenticate', 'Retry-After'];

/**
 * Nest's options for this app, in main.ts and the tests alike. Without Nest's body parsers, only
 * Fastify's JSON one is left: a form or text body gets 415, so a hostile page cannot post a login
 * from a visitor's browser as a "simple" cross-origin request, which CORS never checks.
 */
export const APPLICATION_OPTIONS = { bodyParser: false } satisfies NestApplicationOptions;

/**
 * Helmet's headers. Its defaults suit a JSON API, and its CSP lets the Swagger UI page load its own
 * assets. Except upgrade-insecure-requests: over plain HTTP on any host but loopback
 * (HOST=0.0.0.0, a container port), it makes browsers fetch those assets over https and Swagger
 * UI stays blank. With no per-request directive (no nonce), the headers are the same for every
 * response, so helmet runs once here, not on every request as @fastify/helmet does.
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}

/**
 * Sent on every response. `no-store`: tokens and per-user data must not be cached (RFC 6749 §5.1,
 * RFC 9111 §5.2.2.5); a public route may set its own Cache-Control.
 */
const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  ...securityHeaders(),
  'cache-control': 'no-store',
};

export function createFastifyAdapter(
  env: Pick<Environment, 'TRUST_PROXY' | 'NODE_ENV'>,
): FastifyAdapter {
  const production = env.NODE_ENV === NodeEnv.Production;
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    // Our own ids, unique across instances; a client-sent X-Request-Id is not believed.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // The router's own refusals (a malformed %-escape, an over-long parameter) are problems too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const instance = redactQuery(request.url);
      const problem = { ...toProblem(error, instance, production), requestId: request.id };
      void reply.headers(RESPONSE_HEADERS).header('x-request-id', request.id);
      void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
    },
    clientErrorHandler: problemClientErrorHandler(RESPONSE_HEADERS),
  });
}

/**
 * Everything `main.ts` and the e2e tests must share beyond AppModule itself. Returns the OpenAPI
 * document, served at /docs-json when DOCS_ENABLED, which the e2e tests hold every response to.
 */
export function configureApp(
  app: NestFastifyApplication,
  env: Pick<Environment, 'CORS_ORIGINS' | 'REQUIRE_VERIFIED_EMAIL' | 'DOCS_ENABLED'>,
): OpenAPIObject {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, reply, done) => {
    // Every response names its request, as do its log lines and any problem body.
    void reply.header('x-request-id', request.id).headers(RESPONSE_HEADERS);
    done();
  });
  logEachRequest(fastify, app.get(ROOT_LOGGER));
  const origins = corsOrigins(env.CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NestJS auth starter')
      .setDescription(
        'Every route needs `Authorization: Bearer <accessToken>` unless documented without security. ' +
          '401 = not authenticated, 403 = authenticated without the required role' +
          (env.REQUIRE_VERIFIED_EMAIL ? ' or a verified email address. ' : '. ') +
          'Errors are RFC 9457 application/problem+json.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .build(),
  );
  const routes = collectRoutes(app);
  documentBearerSecurity(document, routes);
  if (env.REQUIRE_VERIFIED_EMAIL) documentVerifiedEmailRule(document, routes);
  documentCommonResponses(document);
  if (env.DOCS_ENABLED)
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
