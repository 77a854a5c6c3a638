import { UnauthorizedException } from '@nestjs/common';
import { withoutStackTraces } from './without-stack-traces.js';

describe('withoutStackTraces', () => {
  it('creates errors whose stack is only their name and message', () => {
    const error = withoutStackTraces(() => new UnauthorizedException('No token.'));
    expect(error.stack).toBe('UnauthorizedException: No token.');
    expect(new UnauthorizedException('No token.').stack).toMatch(/\n\s+at /);
  });

  it('restores the stack trace limit, also when the work throws', () => {
    const limit = Error.stackTraceLimit;
    expect(() =>
      withoutStackTraces(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(withoutStackTraces(() => 42)).toBe(42);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
