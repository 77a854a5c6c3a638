import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerException, ThrottlerGuard } from '@nestjs/throttler';
import { ApiProblemResponse } from '../../problem-details/api-problem-response.decorator.js';
import { UserDto } from '../../users/dto/user.dto.js';
import { AllowUnverifiedEmail } from '../allow-unverified-email.decorator.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { Authenticated } from '../authenticated.decorator.js';
import { CurrentUser } from '../current-user.decorator.js';
import { CurrentUserDto } from './dto/current-user.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { LogoutDto } from './dto/logout.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { TokenPairDto } from './dto/token-pair.dto.js';
import { TokenPairResponse } from './token-pair-response.decorator.js';
import { UserAgent } from './user-agent.decorator.js';
import { Public } from '../public.decorator.js';
import { RefusedCredentialsException } from '../exceptions/refused-credentials.exception.js';
import { TooManyAttemptsException } from '../exceptions/too-many-attempts.exception.js';
import { AuthService, LOGIN_REFUSED } from './auth.service.js';
import { REFRESH_REFUSED } from './sessions.service.js';
import { emailTaken } from '../../users/user-refusals.js';

@ApiTags('auth')
@AllowUnverifiedEmail() // every /auth route: a user must be able to sign in and get verified
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('register')
  @ApiOperation({ operationId: 'register', summary: 'Create an account with the role "user"' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblemResponse(400, 'Invalid email, password outside 8–128 characters, or unknown fields')
  @ApiProblemResponse(409, 'An account with this email already exists', emailTaken())
  @ApiProblemResponse(429, 'Too many registrations from this address', new ThrottlerException())
  async register(@Body() body: RegisterDto): Promise<UserDto> {
    const { id, email, roles } = await this.auth.register(body);
    return { id, email, roles };
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'login', summary: 'Exchange email and password for a token pair' })
  @TokenPairResponse()
  @ApiProblemResponse(400, 'Malformed body')
  @ApiProblemResponse(
    401,
    'Invalid email or password',
    new RefusedCredentialsException(LOGIN_REFUSED),
  )
  @ApiProblemResponse(
    429,
    'Too many failed attempts for this account or address (see Retry-After)',
    new TooManyAttemptsException(60),
  )
  login(
    @Body() body: LoginDto,
    @Ip() clientAddress: string,
    @UserAgent() userAgent?: string,
  ): Promise<TokenPairDto> {
    return this.auth.login(body, clientAddress, userAgent);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'refresh', summary: 'Rotate a refresh token into a new token pair' })
  @TokenPairResponse()
  @ApiProblemResponse(400, 'Malformed body')
  @ApiProblemResponse(
    401,
    'Invalid, expired or reused refresh token (reuse after the grace period revokes the session)',
    new RefusedCredentialsException(REFRESH_REFUSED),
  )
  @ApiProblemResponse(429, 'Too many refreshes from this address', new ThrottlerException())
  refresh(@Body() body: RefreshTokenDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Revoke this session: its access and refresh tokens',
  })
  @ApiBody({ type: LogoutDto, required: false })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed body')
  logout(@CurrentUser() user: AuthenticatedUser, @Body() body: LogoutDto): Promise<void> {
    return this.auth.logout(user, body.refreshToken);
  }

  @Authenticated()
  @Get('me')
  @ApiOperation({ operationId: 'me', summary: 'The signed-in user with their current roles' })
  @ApiOkResponse({ type: CurrentUserDto })
  me(@CurrentUser() user: AuthenticatedUser): CurrentUserDto {
    const { id, email, roles, emailVerified } = user;
    return { id, email, roles: [...roles], emailVerified };
  }
}
