import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ApiProblemResponse } from './api-problem-response.decorator.js';
import { HTML_CONTENT_TYPE, problemTypePage, problemTypesIndex } from './problem-type-page.js';
import { isProblemTypeSlug, PROBLEM_TYPES_PATH } from './problem-types.js';

/** Fixed pages, the same for everyone: caches may keep them. */
const CACHEABLE = 'public, max-age=86400';

/** A page and its caching, as the document describes them. */
const page = (description: string) => ({
  description,
  content: { [HTML_CONTENT_TYPE.split(';')[0]]: { schema: { type: 'string' } } },
  headers: { 'Cache-Control': { required: true, schema: { type: 'string', enum: [CACHEABLE] } } },
});

/** The pages a problem's `type` URI resolves to. */
@ApiTags('problems')
@Public()
@Controller(PROBLEM_TYPES_PATH.slice(1))
export class ProblemTypesController {
  @Get()
  @ApiOperation({ operationId: 'listProblemTypes', summary: 'Every problem type, as a page' })
  @ApiProduces('text/html')
  @ApiOkResponse(page('An HTML page linking each type'))
  @Header('content-type', HTML_CONTENT_TYPE)
  @Header('cache-control', CACHEABLE)
  list(): string {
    return problemTypesIndex();
  }

  @Get(':slug')
  @ApiOperation({ operationId: 'getProblemType', summary: 'What a problem type means' })
  @ApiProduces('text/html')
  @ApiOkResponse(page('An HTML page: when it happens, what a client should do'))
  @ApiProblemResponse(404, 'No such problem type')
  @Header('content-type', HTML_CONTENT_TYPE)
  get(@Param('slug') slug: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (!isProblemTypeSlug(slug)) throw new NotFoundException('No such problem type.');
    // Set here, not by @Header, which would also make the 404 of an unknown slug cacheable.
    void reply.header('cache-control', CACHEABLE);
    return problemTypePage(slug);
  }
}
