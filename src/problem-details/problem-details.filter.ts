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
import { AuditLog } from '../audit/audit-log.js';
import { type AuditReason, isAudited } from '../audit/audit-reason.js';
import { type Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';
import { afterRequestBody } from '../http/drain-request.js';
import { loggedRequest } from '../logging/request-log.js';
import {
  hasResponseHeaders,
  isBearerTokenError,
  PROBLEM_CONTENT_TYPE,
  toProblem,
} from './problem-details.js';

/** Renders every error as `application/problem+json`; every 401 carries a Bearer challenge. */
@Catch()
@Injectable()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);
  private readonly production: boolean;
  private readonly defaultChallenge: string;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly auditLog: AuditLog,
  ) {
    this.production = config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    this.defaultChallenge = `Bearer realm="${config.get('AUTH_REALM', { infer: true })}"`;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const logged = loggedRequest(request);
    const problem = toProblem(exception, logged.url, this.production);
    problem.requestId = request.id;
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(exception);
    }
    const reason = auditReasonFor(exception, problem.status);
    if (reason) {
      this.auditLog.accessDenied(
        {
          reason,
          status: problem.status,
          userId: (isAudited(exception) && exception.auditUserId) || userIdOf(request) || null,
          method: request.method,
          route: request.routeOptions.url ?? logged.url,
          clientAddress: request.ip,
          requestId: request.id,
        },
        logged,
      );
    }
    if (hasResponseHeaders(exception)) {
      void reply.headers(exception.responseHeaders);
    }
    if (problem.status === HttpStatus.UNAUTHORIZED) {
      void reply.header('www-authenticate', this.challengeFor(exception));
    }
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE);
    if (problem.status === HttpStatus.PAYLOAD_TOO_LARGE) {
      afterRequestBody(request.raw, () => void reply.send(problem));
    } else {
      void reply.send(problem);
    }
  }

  /** RFC 6750 §3: no error code when no credentials came, `invalid_token` when a bad one did. */
  private challengeFor(exception: unknown): string {
    if (isBearerTokenError(exception)) {
      return `${this.defaultChallenge}, error="${exception.bearerError}", error_description="${exception.description}"`;
    }
    return this.defaultChallenge;
  }
}

/** Every 401, 403 and 429 is audited; the exception names its reason, or the status implies one. */
function auditReasonFor(exception: unknown, status: number): AuditReason | undefined {
  if (isAudited(exception)) return exception.auditReason;
  return DEFAULT_AUDIT_REASONS[status];
}

const DEFAULT_AUDIT_REASONS: Partial<Record<number, AuditReason>> = {
  [HttpStatus.UNAUTHORIZED]: 'missing_token',
  [HttpStatus.FORBIDDEN]: 'insufficient_role',
  [HttpStatus.TOO_MANY_REQUESTS]: 'throttled',
};

function userIdOf(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { user?: { id?: string } }).user?.id;
}
