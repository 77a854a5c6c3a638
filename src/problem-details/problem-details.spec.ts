import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import { toProblem } from './problem-details.js';

const instance = '/api/things/42';

describe('toProblem', () => {
  it('uses the message of an HttpException built from a string', () => {
    expect(toProblem(new HttpException('Short and stout', 418), instance, false)).toEqual({
      type: 'about:blank',
      title: "I'm a Teapot",
      status: 418,
      detail: 'Short and stout',
      instance,
    });
  });

  it('uses the message of a built-in exception and takes the title from the reason phrase', () => {
    expect(toProblem(new NotFoundException('No such thing.'), instance, true)).toEqual({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No such thing.',
      instance,
    });
  });

  it('falls back to the title when the exception has no string message', () => {
    const error = new BadRequestException({ message: ['a', 'b'] });
    expect(toProblem(error, instance, false)).toMatchObject({ status: 400, detail: 'Bad Request' });
  });

  it('keeps the field errors of a validation failure', () => {
    const errors = [{ field: 'email', messages: ['email must be an email'] }];
    const error = new BadRequestException({ message: 'The request body is invalid.', errors });
    expect(toProblem(error, instance, true)).toEqual({
      type: '/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid.',
      instance,
      errors,
    });
  });

  it('hides an unexpected error in production', () => {
    const problem = toProblem(new Error('connection to 10.0.0.5 refused'), instance, true);
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance,
    });
    expect(problem).not.toHaveProperty('stack');
  });

  it('shows an unexpected error and its stack outside production', () => {
    const error = new Error('connection to 10.0.0.5 refused');
    expect(toProblem(error, instance, false)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'connection to 10.0.0.5 refused',
      instance,
      stack: error.stack,
    });
  });

  it('hides a 500 HttpException message in production', () => {
    const error = new InternalServerErrorException('pool exhausted');
    expect(toProblem(error, instance, true)).toMatchObject({
      status: 500,
      detail: 'An unexpected error occurred.',
    });
    expect(toProblem(error, instance, true)).not.toHaveProperty('stack');
  });

  it('answers something that is not an Error with a bare 500', () => {
    expect(toProblem('boom', instance, false)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal Server Error',
      instance,
    });
    expect(toProblem(null, instance, true)).toMatchObject({
      status: 500,
      detail: 'An unexpected error occurred.',
    });
  });

  it('keeps the status and message of a Fastify client error', () => {
    const error = Object.assign(
      new Error('Body is not valid JSON but content-type is set to json'),
      {
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
        statusCode: 400,
      },
    );
    expect(toProblem(error, instance, true)).toEqual({
      type: '/problems/malformed-request',
      title: 'Bad Request',
      status: 400,
      detail: 'Body is not valid JSON but content-type is set to json',
      instance,
    });
  });

  it('does not trust a 5xx statusCode on an error that is not an HttpException', () => {
    const error = Object.assign(new Error('upstream said 503'), { statusCode: 503 });
    expect(toProblem(error, instance, true)).toMatchObject({
      status: 500,
      detail: 'An unexpected error occurred.',
    });
  });

  it('says nothing about the required roles of a 403 in production', () => {
    expect(toProblem(new ForbiddenException('requires admin'), instance, true)).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'You are not allowed to perform this action.',
      instance,
    });
  });

  it('keeps the detail of a 403 meant for the client in production', () => {
    const error = Object.assign(new ForbiddenException('Verify your email address.'), {
      publicDetail: true as const,
    });
    expect(toProblem(error, instance, true)).toMatchObject({
      status: 403,
      detail: 'Verify your email address.',
    });
  });

  it('keeps the 403 message outside production', () => {
    expect(toProblem(new ForbiddenException('requires admin'), instance, false)).toMatchObject({
      status: 403,
      detail: 'requires admin',
    });
  });

  it('echoes the instance it is given', () => {
    expect(toProblem(new NotFoundException(), '/other?x=1', false).instance).toBe('/other?x=1');
  });
});
