import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.constants.js';
import { MailRequestThrottle } from './mail-request-throttle.js';

/** Verification links one account may ask for again in the window, beyond the one sent at sign-up. */
export const VERIFICATION_REQUESTS_PER_ACCOUNT = 3;
export const VERIFICATION_REQUEST_WINDOW_SECONDS = 15 * 60;

/** Counts the requests for a new verification link per account (by user id). */
@Injectable()
export class VerificationRequestThrottle extends MailRequestThrottle {
  constructor(@Inject(REDIS) redis: Redis | null) {
    super(redis, {
      keyPrefix: 'email-verification-requests',
      points: VERIFICATION_REQUESTS_PER_ACCOUNT,
      windowSeconds: VERIFICATION_REQUEST_WINDOW_SECONDS,
      refusal: 'Too many verification emails for this account. Try again later.',
    });
  }
}
