import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '../problem-details/problem-details.js';
import { problemTypeUri } from '../problem-details/problem-types.js';

interface ClientError {
  status: number;
  type: string;
  detail: string;
}

const CLIENT_ERRORS: Record<string, ClientError> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    type: problemTypeUri('headers-too-large'),
    detail: 'The request headers are larger than this service accepts.',
  },
  // A slow client: nothing more to say than the status.
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    type: 'about:blank',
    detail: 'The request took too long to arrive.',
  },
};
const MALFORMED: ClientError = {
  status: 400,
  type: problemTypeUri('malformed-request'),
  detail: 'The request is not valid HTTP.',
};

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers too large, malformed
 * HTTP, too slow). Fastify then writes a plain JSON answer; this writes a problem instead, with the
 * headers every response carries. With no request, `instance` names the occurrence by its id.
 */
export function problemClientErrorHandler(headers: Readonly<Record<string, string>>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, type, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
    const requestId = randomUUID();
    const title = STATUS_CODES[status] ?? 'Error';
    const body = JSON.stringify({
      type,
      title,
      status,
      detail,
      instance: `urn:uuid:${requestId}`,
      requestId,
    });
    const lines = Object.entries({
      ...headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': requestId,
      connection: 'close',
    }).map(([name, value]) => `${name}: ${value}`);
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${title}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}
