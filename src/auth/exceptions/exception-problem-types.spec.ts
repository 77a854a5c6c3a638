import type { HttpException } from '@nestjs/common';
import { toProblem } from '../../problem-details/problem-details.js';
import { PROBLEM_TYPES, type HasProblemType } from '../../problem-details/problem-types.js';
import { AccessDeniedException } from './access-denied.exception.js';
import { CurrentPasswordRefusedException } from './current-password-refused.exception.js';
import { EmailNotVerifiedException } from './email-not-verified.exception.js';
import { InvalidTokenException } from './invalid-token.exception.js';
import { LinkTokenRefusedException } from './link-token-refused.exception.js';
import {
  CredentialsRequiredException,
  RefusedCredentialsException,
} from './refused-credentials.exception.js';
import { TooManyAttemptsException } from './too-many-attempts.exception.js';

const USER = '5f0c6c1e-3b7a-4c1d-9e2f-0a1b2c3d4e5f';

describe('the problem type of each refusal', () => {
  it.each<[string, HttpException & HasProblemType]>([
    ['credentials-required', new CredentialsRequiredException()],
    ['token-expired', new InvalidTokenException('The access token expired.', 'expired_token')],
    [
      'token-invalid',
      new InvalidTokenException('The access token is malformed.', 'malformed_token'),
    ],
    ['token-invalid', new InvalidTokenException('Revoked.', 'revoked_token', USER)],
    ['credentials-refused', new RefusedCredentialsException('Invalid email or password.')],
    ['credentials-refused', new RefusedCredentialsException('Refused.', 'refresh_reuse', USER)],
    ['role-missing', new AccessDeniedException('Requires admin.', 'insufficient_role', USER)],
    ['network-not-allowed', new AccessDeniedException('Not here.', 'ip_not_allowed', USER)],
    ['email-not-verified', new EmailNotVerifiedException(USER)],
    ['current-password-refused', new CurrentPasswordRefusedException(USER)],
    ['link-token-refused', new LinkTokenRefusedException('Ask for a new link.')],
    ['throttled', new TooManyAttemptsException(30)],
  ])('%s, with the status the catalogue gives it, in production too', (slug, error) => {
    expect(error.problemType).toBe(slug);
    expect(error.getStatus()).toBe(PROBLEM_TYPES[error.problemType].status);
    expect(toProblem(error, '/x', true).type).toBe(`/problems/${slug}`);
  });
});
