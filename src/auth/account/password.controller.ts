import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Ip,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerException, ThrottlerGuard } from '@nestjs/throttler';
import { ApiProblemResponse } from '../../problem-details/api-problem-response.decorator.js';
import { AllowUnverifiedEmail } from '../allow-unverified-email.decorator.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { Authenticated } from '../authenticated.decorator.js';
import { CurrentUser } from '../current-user.decorator.js';
import { Public } from '../public.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { ResetRequestedDto } from './dto/reset-requested.dto.js';
import { PasswordService, RESET_TOKEN_REFUSED } from './password.service.js';
import { CurrentPasswordRefusedException } from '../exceptions/current-password-refused.exception.js';
import { TooManyAttemptsException } from '../exceptions/too-many-attempts.exception.js';

@ApiTags('auth')
@AllowUnverifiedEmail() // as every /auth route: securing an account must not wait for verification
@Controller('auth/password')
export class PasswordController {
  constructor(private readonly passwords: PasswordService) {}

  @Authenticated()
  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change the password: every other session of the user is revoked, this one stays',
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'New password outside 8–128 characters, or unknown fields')
  @ApiProblemResponse(
    403,
    'Wrong current password (counts as a failed sign-in)',
    new CurrentPasswordRefusedException(''),
  )
  @ApiProblemResponse(
    429,
    'Too many failed attempts for this account or address (see Retry-After)',
    new TooManyAttemptsException(60),
  )
  change(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Ip() clientAddress: string,
  ): Promise<void> {
    return this.passwords.change(user, body, clientAddress);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'forgotPassword',
    summary: 'Email a single-use reset link, if an account has this email (the answer never says)',
  })
  @ApiAcceptedResponse({ type: ResetRequestedDto })
  @ApiProblemResponse(400, 'Invalid email or unknown fields')
  @ApiProblemResponse(
    429,
    'Too many requests from this address or for this email (see Retry-After)',
    new ThrottlerException(),
  )
  forgot(@Body() body: ForgotPasswordDto): Promise<ResetRequestedDto> {
    return this.passwords.requestReset(body.email);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'resetPassword',
    summary: 'Set a new password with the token of a reset link: every session is revoked',
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(
    400,
    'Invalid, expired or used token, or new password outside 8–128 characters',
    new BadRequestException(RESET_TOKEN_REFUSED),
  )
  @ApiProblemResponse(429, 'Too many requests from this address', new ThrottlerException())
  reset(@Body() body: ResetPasswordDto): Promise<void> {
    return this.passwords.reset(body);
  }
}
