import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  HttpCode,
  HttpStatus,
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
import { VerificationSentDto } from './dto/verification-sent.dto.js';
import { VerifyEmailDto } from './dto/verify-email.dto.js';
import {
  ALREADY_VERIFIED,
  EmailVerificationService,
  VERIFICATION_TOKEN_REFUSED,
} from './email-verification.service.js';

@ApiTags('auth')
@AllowUnverifiedEmail() // as every /auth route: this is how a user gets verified
@Controller('auth/email/verify')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  // Public: the link may be opened on another device, signed out; the token is the proof.
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'verifyEmail',
    summary: 'Verify the email address with the token of a verification link',
  })
  @ApiNoContentResponse()
  @ApiProblemResponse(
    400,
    'Invalid, expired or used token, or unknown fields',
    new BadRequestException(VERIFICATION_TOKEN_REFUSED),
  )
  @ApiProblemResponse(429, 'Too many requests from this address', new ThrottlerException())
  verify(@Body() body: VerifyEmailDto): Promise<void> {
    return this.verification.verify(body.token);
  }

  @Authenticated()
  @UseGuards(ThrottlerGuard)
  @Post('resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'resendEmailVerification',
    summary: 'Email a new verification link to the signed-in user; older links stop working',
  })
  @ApiAcceptedResponse({ type: VerificationSentDto })
  @ApiProblemResponse(
    409,
    'The email address is already verified',
    new ConflictException(ALREADY_VERIFIED),
  )
  @ApiProblemResponse(
    429,
    'Too many requests from this address or for this account (see Retry-After)',
    new ThrottlerException(),
  )
  resend(@CurrentUser() user: AuthenticatedUser): Promise<VerificationSentDto> {
    return this.verification.resend(user);
  }
}
