import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.constants.js';
import { MailRequestThrottle } from './mail-request-throttle.js';

/** Reset emails one address may be sent in the window: enough for a lost one, not a mail bomb. */
export const RESET_REQUESTS_PER_EMAIL = 3;
export const RESET_REQUEST_WINDOW_SECONDS = 15 * 60;

/**
 * Counts password-reset requests per (normalised) email address, whether or not an account has it,
 * so the answer tells nothing.
 */
@Injectable()
export class ResetRequestThrottle extends MailRequestThrottle {
  constructor(@Inject(REDIS) redis: Redis | null) {
    super(redis, {
      keyPrefix: 'password-reset-requests',
      points: RESET_REQUESTS_PER_EMAIL,
      windowSeconds: RESET_REQUEST_WINDOW_SECONDS,
      refusal: 'Too many password reset requests for this email. Try again later.',
    });
  }
}
