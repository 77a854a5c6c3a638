import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { toProblem } from './problem-details.js';
import {
  isProblemTypeSlug,
  PROBLEM_TYPES,
  type ProblemTypeSlug,
  problemTypeUri,
} from './problem-types.js';

const instance = '/api/things/42';
const slugs = Object.keys(PROBLEM_TYPES) as ProblemTypeSlug[];
const typeOf = (error: unknown, production = false) => toProblem(error, instance, production).type;
const fastifyError = (code: string, statusCode: number) =>
  Object.assign(new Error(code), { code, statusCode });

describe('problem types', () => {
  it('are relative URIs under /problems, one lower-case slug each, with a client status', () => {
    for (const slug of slugs) {
      expect(problemTypeUri(slug)).toMatch(/^\/problems\/[a-z]+(-[a-z]+)*$/);
      expect(STATUS_CODES[PROBLEM_TYPES[slug].status]).toBeDefined();
      expect(PROBLEM_TYPES[slug].status).not.toBe(500);
    }
  });

  it('knows its slugs and nothing inherited', () => {
    expect(isProblemTypeSlug('token-expired')).toBe(true);
    expect(isProblemTypeSlug('toString')).toBe(false);
    expect(isProblemTypeSlug('about:blank')).toBe(false);
  });

  it('takes the type an exception names, in production too', () => {
    for (const slug of slugs) {
      const { status } = PROBLEM_TYPES[slug];
      const error = Object.assign(new HttpException('Refused.', status), { problemType: slug });
      expect(toProblem(error, instance, false)).toMatchObject({
        type: `/problems/${slug}`,
        status,
      });
      expect(typeOf(error, true)).toBe(`/problems/${slug}`);
    }
  });

  it.each([
    [
      'ParseUUIDPipe',
      new BadRequestException('Validation failed (uuid is expected)'),
      'malformed-request',
    ],
    ['NotFoundException', new NotFoundException('Budget not found.'), 'not-found'],
    ['ConflictException', new ConflictException('The email is taken.'), 'conflict'],
    ["the throttler's 429", new HttpException('Too Many Requests', 429), 'throttled'],
    ['a 503', new ServiceUnavailableException('Unhealthy: database'), 'service-unavailable'],
    ['bad JSON', fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400), 'malformed-request'],
    ['a large body', fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 'payload-too-large'],
    ['a form body', fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), 'unsupported-media-type'],
  ])('gives %s, which names no type, the type of its status', (_case, error, slug) => {
    expect(typeOf(error)).toBe(`/problems/${slug}`);
  });

  it('gives a 400 that names fields the validation type', () => {
    const errors = [{ field: 'email', messages: ['email must be an email'] }];
    expect(typeOf(new BadRequestException({ message: 'Invalid.', errors }))).toBe(
      '/problems/validation-failed',
    );
  });

  it.each([
    ['a 401 that names no type', new UnauthorizedException()],
    ['a 403 that names no type', new ForbiddenException('requires admin')],
    ['an unexpected error', new Error('boom')],
    ['a status with no type', new HttpException('Short and stout', 418)],
  ])('leaves %s about:blank: its kind is not guessed', (_case, error) => {
    expect(typeOf(error)).toBe('about:blank');
    expect(typeOf(error, true)).toBe('about:blank');
  });
});

describe('docs/problem-types.md', () => {
  it('has one row for each type, with its status, and no other', () => {
    const page = readFileSync('docs/problem-types.md', 'utf8');
    const rows = [...page.matchAll(/^\| `\/problems\/([a-z-]+)` +\| (\d{3}) /gm)];
    expect(Object.fromEntries(rows.map(([, slug, status]) => [slug, Number(status)]))).toEqual(
      Object.fromEntries(slugs.map((slug) => [slug, PROBLEM_TYPES[slug].status])),
    );
    expect(rows).toHaveLength(slugs.length);
  });
});
