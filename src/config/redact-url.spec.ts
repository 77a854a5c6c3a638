import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db.internal:5432/app?sslmode=require')).toBe(
      'postgres://app:***@db.internal:5432/app?sslmode=require',
    );
    expect(redactUrl('redis://:s3cret@cache:6379')).toBe('redis://:***@cache:6379');
  });

  it('leaves a URL without a password as it is, and never echoes an unparsable one', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url with s3cret')).toBe('the configured URL');
  });
});
