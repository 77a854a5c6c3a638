// A client as docs/problem-types.md tells one to write it: it branches on `type` alone, never on
// the English of `detail`.

export type NextStep = 'refresh-and-retry' | 'sign-in' | 'fix-request' | 'wait-and-retry' | 'stop';

const NEXT_STEPS: Partial<Record<string, NextStep>> = {
  '/problems/token-expired': 'refresh-and-retry',
  '/problems/credentials-required': 'sign-in',
  '/problems/token-invalid': 'sign-in',
  '/problems/credentials-refused': 'sign-in',
  '/problems/validation-failed': 'fix-request',
  '/problems/malformed-request': 'fix-request',
  '/problems/throttled': 'wait-and-retry',
  '/problems/service-unavailable': 'wait-and-retry',
};

/** What to do after a problem; anything unknown (role-missing, about:blank) is not retried. */
export function nextStep(problem: { type: string }): NextStep {
  return NEXT_STEPS[problem.type] ?? 'stop';
}
