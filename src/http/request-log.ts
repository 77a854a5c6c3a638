import { redactQuery } from './redact-query.js';

/** The fields of pino's standard request serialization that the request log keeps. */
interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  remoteAddress: string;
}

/**
 * One short line per request. Headers stay out and credential-like query values are masked, so no
 * token or cookie can reach the log; the line costs little to build.
 */
export const requestLogSerializers = {
  req: ({ id, method, url, remoteAddress }: LoggedRequest) => ({
    id,
    method,
    url: redactQuery(url),
    remoteAddress,
  }),
  res: ({ statusCode }: { statusCode: number }) => ({ statusCode }),
};
