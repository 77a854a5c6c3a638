import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenException } from '../auth/invalid-token.exception.js';
import { NodeEnv, type Environment } from '../config/environment.js';
import { hasResponseHeaders, PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.js';

/** Renders every error as `application/problem+json`; every 401 carries a Bearer challenge. */
@Catch()
@Injectable()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);
  private readonly production: boolean;
  private readonly defaultChallenge: string;

  constructor(config: ConfigService<Environment, true>) {
    this.production = config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    this.defaultChallenge = `Bearer realm="${config.get('AUTH_REALM', { infer: true })}"`;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const problem = toProblem(exception, request.url, this.production);
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(exception);
    }
    if (hasResponseHeaders(exception)) {
      void reply.headers(exception.responseHeaders);
    }
    if (problem.status === HttpStatus.UNAUTHORIZED) {
      void reply.header('www-authenticate', this.challengeFor(exception));
    }
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  }

  /** RFC 6750 §3: no error code when no credentials came, `invalid_token` when a bad one did. */
  private challengeFor(exception: unknown): string {
    if (exception instanceof InvalidTokenException) {
      return `${this.defaultChallenge}, error="${exception.bearerError}", error_description="${exception.description}"`;
    }
    return this.defaultChallenge;
  }
}
