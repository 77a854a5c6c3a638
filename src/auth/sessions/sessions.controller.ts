import { Controller, Delete, Get, HttpCode, HttpStatus, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../../pagination/api-page-response.decorator.js';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import type { PageDto } from '../../pagination/page.dto.js';
import { ApiProblemResponse } from '../../problem-details/api-problem-response.decorator.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { Authenticated } from '../authenticated.decorator.js';
import { CurrentUser } from '../current-user.decorator.js';
import { SessionDto } from './dto/session.dto.js';
import { sessionNotFound, UserSessionsService } from './user-sessions.service.js';
import { AllowUnverifiedEmail } from '../allow-unverified-email.decorator.js';
import { UuidParam } from '../../validation/uuid-param.decorator.js';

/** The caller's own sessions: where they are signed in, and signing out there. */
@ApiTags('auth')
@Authenticated()
@AllowUnverifiedEmail() // an /auth route: managing one's sessions needs no verified email
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: UserSessionsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listSessions',
    summary: "The caller's live sessions, newest first; `current` marks this request's",
  })
  @ApiPageResponse(SessionDto)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<SessionDto>> {
    return this.sessions.list(user.id, user.sessionId, query);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'endOtherSessions',
    summary: 'Sign out everywhere else: revoke every session of the caller but this one',
  })
  @ApiNoContentResponse()
  endOthers(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.endOthers(user.id, user.sessionId);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'endSession',
    summary: 'Revoke one of the caller’s sessions: its access and refresh tokens stop at once',
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such live session among the caller’s', sessionNotFound())
  end(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<void> {
    return this.sessions.end(user.id, id);
  }
}
