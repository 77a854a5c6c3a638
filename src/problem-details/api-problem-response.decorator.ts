import { applyDecorators, HttpException } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.js';
import { ProblemDetailsDto } from './problem-details.dto.js';

/**
 * Documents an error response of an operation with the problem+json schema, and an example body
 * of that status (the schema's own example would show the same status on every response).
 * `error` is what the server throws for it: the example is its real problem, so it cannot drift.
 */
export function ApiProblemResponse(status: number, description: string, error?: unknown) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({ status, ...problemResponse(status, description, error) }),
  );
}

/**
 * The OpenAPI response object of a problem, for a document built without decorators. Without
 * `error`, the example is the problem of an HttpException of that status with the description.
 */
export function problemResponse(
  status: number,
  description: string,
  error: unknown = new HttpException(`${description}.`, status),
) {
  // A server error's example is what production says; a client error's is the real detail.
  const production = status >= 500;
  const { stack: _stack, ...problem } = toProblem(error, '/path/of/the/request', production);
  const example = { ...problem, requestId: '0b6f1c1e-5f4e-4b8a-9d7c-2a3e4f5a6b7c' };
  if (example.status !== status) {
    throw new Error(`The example error of a ${status} response is a ${example.status}`);
  }
  return {
    description,
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, example },
    },
  };
}
