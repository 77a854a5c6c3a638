// What one Argon2id hash and verify cost on this machine, timed in the bench process with the
// library defaults, as src/users/password-hasher.ts uses it.
import { hash, verify } from '@node-rs/argon2';
import { median } from '../bench-report.mjs';
import { PASSWORD } from './accounts.mjs';

const CALLS = 5;

export async function timeArgon2() {
  const time = async (work) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const stored = await hash(PASSWORD); // warm-up
  const hashes = [];
  const verifies = [];
  for (let i = 0; i < CALLS; i++) {
    hashes.push(await time(() => hash(PASSWORD)));
    verifies.push(await time(() => verify(stored, PASSWORD)));
  }
  const round1 = (value) => Math.round(value * 10) / 10;
  return {
    method:
      'hash() and verify() of @node-rs/argon2, defaults (Argon2id m=19456 KiB t=2 p=1), timed in the bench process',
    calls: CALLS,
    hashMs: round1(median(hashes)),
    verifyMs: round1(median(verifies)),
  };
}
