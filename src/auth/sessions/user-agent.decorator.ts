import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The request's User-Agent, if any. Not `@Headers('user-agent')`, which OpenAPI would document as
 * a required parameter (and Swagger UI would then refuse to send the request without it).
 */
export const UserAgent = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<FastifyRequest>().headers['user-agent'],
);
