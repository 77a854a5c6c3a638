import { IntersectionType } from '@nestjs/mapped-types';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { BlockList } from 'node:net';
import { parseAllowedNetworks } from './allowed-networks.js';
import { AuthEnvironment } from './auth.environment.js';
import { NodeEnv } from './environment-values.js';
import { HttpEnvironment } from './http.environment.js';
import { MailEnvironment } from './mail.environment.js';
import { OperationsEnvironment } from './operations.environment.js';
import { StorageEnvironment } from './storage.environment.js';

const MIN_SECRET_BYTES = 32;

/**
 * Every setting the service reads, validated once at start, declared by concern in
 * `*.environment.ts`. docs/configuration.md describes each.
 */
export class Environment extends IntersectionType(
  HttpEnvironment,
  AuthEnvironment,
  StorageEnvironment,
  MailEnvironment,
  OperationsEnvironment,
) {}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // `NAME=` in a .env file means "not set", as it does for the defaults below.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));

  if (
    env.JWT_SECRET !== undefined &&
    Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_SECRET_BYTES
  ) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (
    env.JWT_PREVIOUS_SECRET !== undefined &&
    Buffer.byteLength(env.JWT_PREVIOUS_SECRET, 'utf8') < MIN_SECRET_BYTES
  ) {
    problems.push(`JWT_PREVIOUS_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET === undefined) {
    problems.push(`JWT_SECRET is required in production (at least ${MIN_SECRET_BYTES} bytes)`);
  }
  if (env.NODE_ENV === NodeEnv.Production && env.SMTP_URL === undefined) {
    problems.push(
      'SMTP_URL is required in production: password-reset emails would otherwise only be logged',
    );
  }
  if (env.NODE_ENV === NodeEnv.Production && env.LOG_FORMAT === 'pretty') {
    problems.push('LOG_FORMAT=pretty is for development: production logs JSON lines');
  }
  if (env.SESSION_RETENTION < env.JWT_ACCESS_TTL) {
    problems.push(
      `SESSION_RETENTION (${env.SESSION_RETENTION} s) must be at least JWT_ACCESS_TTL (${env.JWT_ACCESS_TTL} s): ` +
        'revoked sessions must outlive their access tokens in the database',
    );
  }
  if ((env.FIRST_ADMIN_EMAIL === undefined) !== (env.FIRST_ADMIN_PASSWORD === undefined)) {
    problems.push('FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD must be set together');
  }
  try {
    parseAllowedNetworks(env.ADMIN_ALLOWED_CIDRS);
  } catch (error) {
    problems.push((error as Error).message);
  }
  problems.push(...metricsProblems(env));
  env.DOCS_ENABLED ??= env.NODE_ENV !== NodeEnv.Production;
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\//.test(env.REDIS_URL)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (env.DATABASE_URL !== undefined && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (env.SMTP_URL !== undefined && !/^smtps?:\/\//.test(env.SMTP_URL)) {
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}

/** Metrics name routes and refusal counts: in production, only a scraper may read them. */
function metricsProblems(env: Environment): string[] {
  const problems: string[] = [];
  let networks: BlockList | undefined;
  try {
    networks = parseAllowedNetworks(env.METRICS_ALLOWED_NETWORKS, 'METRICS_ALLOWED_NETWORKS');
  } catch (error) {
    problems.push((error as Error).message);
  }
  // A scraper sends it as `Authorization: Bearer <token>`: RFC 6750's b64token characters only.
  if (env.METRICS_TOKEN !== undefined && !/^[\w\-.~+/]+=*$/.test(env.METRICS_TOKEN)) {
    problems.push('METRICS_TOKEN may only hold letters, digits and - . _ ~ + / (then = padding)');
  }
  if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.length < MIN_SECRET_BYTES) {
    problems.push(`METRICS_TOKEN must be at least ${MIN_SECRET_BYTES} characters long`);
  }
  if (
    env.NODE_ENV === NodeEnv.Production &&
    env.METRICS_ENABLED &&
    env.METRICS_TOKEN === undefined &&
    networks === undefined &&
    !problems.length
  ) {
    problems.push(
      'METRICS_ENABLED in production requires METRICS_TOKEN or METRICS_ALLOWED_NETWORKS: ' +
        'metrics must not be open to anyone',
    );
  }
  return problems;
}
