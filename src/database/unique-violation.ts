const PG_UNIQUE_VIOLATION = '23505';

/** Whether a database error is a unique-constraint violation (e.g. to answer 409). */
export function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps driver errors; the PostgreSQL code sits on the error or its cause.
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some(
    (e) => (e as { code?: unknown } | undefined)?.code === PG_UNIQUE_VIOLATION,
  );
}
