import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { PageDto } from './page.dto.js';

/** Documents a list: a page of `item` (the PageDto schema, its items narrowed), and its 400. */
export function ApiPageResponse(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(PageDto, item),
    ApiOkResponse({
      description: `A page of ${item.name}`,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageDto) },
          { properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } } },
        ],
      },
    }),
    ApiProblemResponse(400, 'Invalid limit or cursor'),
  );
}
