import type { IncomingMessage } from 'node:http';

/** How much of a refused body is read and discarded, at most, before the answer is sent. */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Calls `send` once the client has finished sending the request body, read and discarded here.
 * Answering a 413 and closing while the client still uploads makes it see a reset (EPIPE), not the
 * answer; a client that keeps sending past the bound or the time limit gets the answer then anyway.
 */
export function afterRequestBody(request: IncomingMessage, send: () => void): void {
  if (request.complete || request.destroyed) {
    send();
    return;
  }
  let received = 0;
  let sent = false;
  const finish = () => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    request.off('data', count).off('end', finish).off('error', finish).off('close', finish);
    send();
  };
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > DRAIN_LIMIT_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
  request.on('data', count).once('end', finish).once('error', finish).once('close', finish);
  request.resume();
}
