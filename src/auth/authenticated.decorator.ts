import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { BEARER_SCHEME } from './auth.constants.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';

/**
 * Any signed-in user. Routes are authenticated by default; this decorator documents it in OpenAPI
 * (bearer security and the 401 response), so the docs say what the guard does.
 */
export const Authenticated = () =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiProblemResponse(
      401,
      'Missing, invalid, expired or revoked access token',
      new CredentialsRequiredException(),
    ),
  );
