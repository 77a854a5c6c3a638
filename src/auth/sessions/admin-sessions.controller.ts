import { Controller, Delete, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse } from '../../problem-details/api-problem-response.decorator.js';
import { Role } from '../role.enum.js';
import { Roles } from '../roles.decorator.js';
import { UserSessionsService } from './user-sessions.service.js';
import { UuidParam } from '../../validation/uuid-param.decorator.js';
import { userNotFound } from '../../users/user-refusals.js';

/** Beside the admin users routes, but here: ending sessions is auth's business, not users'. */
@ApiTags('admin: users')
@Roles(Role.Admin)
@Controller('admin/users')
export class AdminSessionsController {
  constructor(private readonly sessions: UserSessionsService) {}

  @Delete(':id/sessions')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'endUserSessions',
    summary: "End all of a user's sessions: their access and refresh tokens stop at once",
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such user', userNotFound())
  endAll(@UuidParam() id: string): Promise<void> {
    return this.sessions.endAllOfUser(id);
  }
}
