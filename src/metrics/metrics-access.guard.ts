import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BlockList } from 'node:net';
import { isAllowed, parseAllowedNetworks } from '../config/allowed-networks.js';
import type { Environment } from '../config/environment.js';
import { MetricsNetworkDeniedException } from './metrics-network-denied.exception.js';
import { MetricsTokenMissingException } from './metrics-token-missing.exception.js';
import { MetricsTokenRefusedException } from './metrics-token-refused.exception.js';

const BEARER = /^bearer +(\S+)$/i;

/** Digests of equal length, so comparing them says nothing about the token's length either. */
const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * GET /metrics's own protection, instead of a user's JWT: METRICS_TOKEN (401 without it or with
 * another token), then METRICS_ALLOWED_NETWORKS (403), the order the JWT and network guards keep.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly token: Buffer | undefined;
  private readonly networks: BlockList | undefined;

  constructor(config: ConfigService<Environment, true>) {
    const token = config.get('METRICS_TOKEN', { infer: true });
    this.token = token === undefined ? undefined : digest(token);
    this.networks = parseAllowedNetworks(
      config.get('METRICS_ALLOWED_NETWORKS', { infer: true }),
      'METRICS_ALLOWED_NETWORKS',
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.token) {
      const authorization = request.headers.authorization;
      if (authorization === undefined) throw new MetricsTokenMissingException();
      const presented = BEARER.exec(authorization)?.[1];
      if (presented === undefined || !timingSafeEqual(digest(presented), this.token)) {
        throw new MetricsTokenRefusedException();
      }
    }
    if (this.networks && !isAllowed(this.networks, request.ip)) {
      throw new MetricsNetworkDeniedException();
    }
    return true;
  }
}
