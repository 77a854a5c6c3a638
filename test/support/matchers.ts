// Asymmetric matchers for values the service generates, shared by the specs.

/** A lowercase RFC 4122 UUID, as PostgreSQL and randomUUID() write it. */
export const UUID = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);

/** An ISO 8601 UTC timestamp with milliseconds, as Date#toJSON writes it. */
export const TIMESTAMP = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
