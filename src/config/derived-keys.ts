import type { ConfigService } from '@nestjs/config';
import { hkdfSync, randomBytes } from 'node:crypto';
import type { Environment } from './environment.js';

/**
 * 32-byte keys for one purpose, derived (HKDF-SHA256) from JWT_SECRET and, during a key rotation,
 * from JWT_PREVIOUS_SECRET: one secret to configure and rotate, and a key of its own for each
 * purpose (`info`), so that a value made for one purpose is never valid for another. The current
 * key comes first. Without JWT_SECRET the first key is random, so valid in this process only.
 */
export function derivedKeys(config: ConfigService<Environment, true>, info: string): Buffer[] {
  const secret = config.get('JWT_SECRET', { infer: true });
  const previous = config.get('JWT_PREVIOUS_SECRET', { infer: true });
  return [secret ?? randomBytes(32), ...(previous === undefined ? [] : [previous])].map(
    (material) => Buffer.from(hkdfSync('sha256', material, '', info, 32)),
  );
}
