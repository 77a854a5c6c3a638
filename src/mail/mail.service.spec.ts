import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { MailService } from './mail.service.js';

const configWith = (settings: Partial<Environment>) =>
  ({
    get: (name: keyof Environment) =>
      ({ MAIL_FROM: 'Starter <no-reply@example.test>', ...settings })[name],
  }) as unknown as ConfigService<Environment, true>;

describe('MailService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('without SMTP_URL, logs the recipient, the subject and the text (links included) at info', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const mail = new MailService(configWith({}));
    await mail.send({
      to: 'ada@example.test',
      subject: 'Reset your password',
      text: 'Open http://localhost:3000/reset-password?token=abc',
    });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe(
      'Email to ada@example.test (SMTP_URL is not set: logged, not sent) "Reset your password"\n' +
        'Open http://localhost:3000/reset-password?token=abc',
    );
  });

  it('with SMTP_URL, sends through it and lets a failure reach the caller, who logs it', async () => {
    const log = jest.spyOn(Logger.prototype, 'log');
    const mail = new MailService(configWith({ SMTP_URL: 'smtp://127.0.0.1:1' })); // nothing listens
    try {
      await expect(
        mail.send({ to: 'ada@example.test', subject: 'Subject', text: 'Text' }),
      ).rejects.toThrow(/ECONNREFUSED/);
      expect(log).not.toHaveBeenCalled();
    } finally {
      mail.onApplicationShutdown();
    }
  });
});
