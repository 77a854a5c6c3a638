import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope recipients, as the server was told them. */
  to: string[];
  /** The message as it arrived: headers and the (transfer-encoded) body. */
  raw: string;
  /** The body, its transfer encoding (quoted-printable or base64) undone. */
  text: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives, for the service to send mail to
 * through its ordinary transport (SMTP_URL=inbox.url). It can be stopped and started again on the
 * same port, to show what happens while the mail server is down.
 */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'], // plain loopback: no test certificate needed
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          this.messages.push({ to, raw, text: bodyOf(raw) });
          callback();
        });
      },
    });
    const listening = this.server.listen(this.port, '127.0.0.1'); // the same port after a stop
    await once(listening, 'listening');
    this.port = (listening.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  messagesTo(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address));
  }

  /** The `count`-th message to `address` (the first by default), once it has arrived. */
  async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<ReceivedMail> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
      const received = this.messagesTo(address);
      if (received.length >= count) return received[count - 1];
    }
    throw new Error(`no message #${count} to ${address} within ${timeoutMs} ms`);
  }
}

/** The token of the reset link in a message. */
export const resetTokenOf = (mail: ReceivedMail) => linkTokenOf(mail, 'reset-password');

/** The token of the email verification link in a message. */
export const verificationTokenOf = (mail: ReceivedMail) => linkTokenOf(mail, 'verify-email');

function linkTokenOf(mail: ReceivedMail, page: string): string {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${page} link in:\n${mail.raw}`);
  return match[1];
}

function bodyOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1].toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
