/**
 * Runs synchronous `work` without capturing stack traces in the Errors it creates, and restores
 * the limit before anything else can run. For refusals expected by the thousand (a missing, forged
 * or expired token, a missing role): capturing the stack was most of such a response's cost.
 */
export function withoutStackTraces<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
