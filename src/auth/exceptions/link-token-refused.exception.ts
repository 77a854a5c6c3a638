import { BadRequestException } from '@nestjs/common';
import type { HasProblemType } from '../../problem-details/problem-types.js';

/** A password reset or email verification token that is invalid, expired or used: 400. */
export class LinkTokenRefusedException extends BadRequestException implements HasProblemType {
  readonly problemType = 'link-token-refused';
}
