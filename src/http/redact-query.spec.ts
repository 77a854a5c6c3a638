import { redactQuery } from './redact-query.js';

describe('redactQuery', () => {
  it('leaves a URL without a query untouched', () => {
    expect(redactQuery('/auth/me')).toBe('/auth/me');
  });

  it('redacts the values of credential-like names and keeps the rest', () => {
    expect(redactQuery('/auth/me?access_token=abc&limit=20&Refresh_Token=x&password=p')).toBe(
      '/auth/me?access_token=[REDACTED]&limit=20&Refresh_Token=[REDACTED]&password=[REDACTED]',
    );
  });

  it('redacts a JWT under any name, and names written with escapes', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactQuery(`/products?q=${jwt}&access%5Ftoken=secret`)).toBe(
      '/products?q=[REDACTED]&access%5Ftoken=[REDACTED]',
    );
  });

  it('redacts what cannot be decoded, and keeps bare flags', () => {
    expect(redactQuery('/products?%E0%A4%A=1&verbose&cursor=abc')).toBe(
      '/products?%E0%A4%A=[REDACTED]&verbose&cursor=abc',
    );
  });
});
