import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../auth/role.enum.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiPageResponse } from '../pagination/api-page-response.decorator.js';
import type { PageDto } from '../pagination/page.dto.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { AdminUserDto } from './dto/admin-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateRolesDto } from './dto/update-roles.dto.js';
import { UpdateStatusDto } from './dto/update-status.dto.js';
import { User, UsersService } from './users.service.js';
import { UuidParam } from '../validation/uuid-param.decorator.js';
import { lastEnabledAdmin, userNotFound } from './user-refusals.js';

@ApiTags('admin: users')
@Roles(Role.Admin)
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'List the users, oldest first, optionally by email prefix and role',
  })
  @ApiPageResponse(AdminUserDto)
  @ApiProblemResponse(400, 'Unknown role, or an email prefix over 254 characters')
  list(@Query() query: ListUsersQueryDto): Promise<PageDto<User>> {
    return this.users.list(query);
  }

  @Patch(':id/roles')
  @ApiOperation({ operationId: 'setUserRoles', summary: "Replace a user's roles" })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblemResponse(400, 'Unknown role or malformed id')
  @ApiProblemResponse(404, 'No such user', userNotFound())
  @ApiProblemResponse(409, 'The change would leave no enabled admin', lastEnabledAdmin())
  setRoles(@UuidParam() id: string, @Body() body: UpdateRolesDto): Promise<User> {
    return this.users.setRoles(id, body.roles);
  }

  @Patch(':id/status')
  @ApiOperation({ operationId: 'setUserStatus', summary: 'Disable or re-enable a user' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiProblemResponse(400, 'Malformed body or id')
  @ApiProblemResponse(404, 'No such user', userNotFound())
  @ApiProblemResponse(409, 'The change would leave no enabled admin', lastEnabledAdmin())
  setStatus(@UuidParam() id: string, @Body() body: UpdateStatusDto): Promise<User> {
    return this.users.setDisabled(id, body.disabled);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteUser',
    summary: 'Delete a user with their sessions and data; their access tokens stop at once',
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such user', userNotFound())
  @ApiProblemResponse(409, 'The deletion would leave no enabled admin', lastEnabledAdmin())
  remove(@UuidParam() id: string): Promise<void> {
    return this.users.remove(id);
  }
}
