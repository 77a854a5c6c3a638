import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { ProblemDetailsDto } from './problem-details.dto.js';

/**
 * Documents an error response of an operation with the problem+json schema, and an example body
 * of that status (the schema's own example would show the same status on every response).
 */
export function ApiProblemResponse(status: number, description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({ status, ...problemResponse(status, description) }),
  );
}

/** The OpenAPI response object of a problem, for a document built without decorators. */
export function problemResponse(status: number, description: string) {
  const example = {
    type: 'about:blank',
    title: STATUS_CODES[status],
    status,
    detail: `${description}.`,
    instance: '/path/of/the/request',
    requestId: '0b6f1c1e-5f4e-4b8a-9d7c-2a3e4f5a6b7c',
  };
  return {
    description,
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, example },
    },
  };
}
