import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import type { Environment } from '../config/environment.js';
import { AccessDeniedException } from './exceptions/access-denied.exception.js';
import { isAllowed, parseAllowedNetworks } from '../config/allowed-networks.js';
import { ROLES_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { Role } from './role.enum.js';

/**
 * Global guard, registered after RolesGuard: with ADMIN_ALLOWED_CIDRS set, routes that require the
 * admin role answer 403 to a caller outside those networks (a known caller who is not let in).
 * The client address follows TRUST_PROXY, so a forged X-Forwarded-For changes nothing by default.
 */
@Injectable()
export class AdminNetworkGuard implements CanActivate {
  private readonly networks: BlockList | undefined;

  constructor(
    private readonly reflector: Reflector,
    config: ConfigService<Environment, true>,
  ) {
    this.networks = parseAllowedNetworks(config.get('ADMIN_ALLOWED_CIDRS', { infer: true }));
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.networks) return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.includes(Role.Admin)) return true;

    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    if (isAllowed(this.networks, request.ip)) return true;
    throw new AccessDeniedException(
      'Admin routes are not open to your network.',
      'ip_not_allowed',
      request.user.id,
    );
  }
}
