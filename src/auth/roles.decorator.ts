import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { ROLES_KEY } from './auth.constants.js';
import { Authenticated } from './authenticated.decorator.js';
import type { Role } from './role.enum.js';
import { missingRole } from './roles.guard.js';

/**
 * A signed-in user holding any one of `roles`. On a handler it overrides the controller's.
 * Also documents bearer security, 401 and 403 in OpenAPI.
 */
export const Roles = (...roles: [Role, ...Role[]]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    Authenticated(),
    ApiProblemResponse(
      403,
      `Signed in without any of the roles: ${roles.join(', ')}`,
      missingRole(roles, ''),
    ),
  );
