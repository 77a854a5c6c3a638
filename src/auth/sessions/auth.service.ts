import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../users/password-hasher.js';
import { canonicalEmail } from '../../validation/account-email.js';
import { User, UsersService } from '../../users/users.service.js';
import { EmailVerificationService } from '../account/email-verification.service.js';
import { AccessTokenService, type TokenSubject } from './access-token.service.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import type { LoginDto } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import type { TokenPairDto } from './dto/token-pair.dto.js';
import { LoginThrottle } from './login-throttle.js';
import { RefusedCredentialsException } from '../exceptions/refused-credentials.exception.js';
import { IssuedSession, REFRESH_REFUSED, SessionsService } from './sessions.service.js';

export const LOGIN_REFUSED = 'Invalid email or password.';

/** Enough to tell browsers and devices apart in the session list. */
const MAX_USER_AGENT_LENGTH = 200;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokenService,
    private readonly throttle: LoginThrottle,
    private readonly verification: EmailVerificationService,
  ) {}

  /** The verification email goes after the response: it can neither delay nor fail this. */
  async register({ email, password }: RegisterDto): Promise<User> {
    const user = await this.users.create(email, password);
    this.verification.sendLinkLater(user);
    return user;
  }

  /** Unknown email, wrong password and disabled account all get the same answer, in the same time. */
  async login(
    { email, password }: LoginDto,
    clientAddress: string,
    userAgent?: string,
  ): Promise<TokenPairDto> {
    const attempt = this.throttle.keys(clientAddress, canonicalEmail(email));
    await this.throttle.take(attempt);

    const user = await this.users.findCredentials(email);
    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyAgainstDummy(password);
    if (!user || !valid || user.disabled) {
      throw new RefusedCredentialsException(LOGIN_REFUSED, 'bad_credentials', user?.id);
    }

    await this.throttle.giveBack(attempt);
    const device = userAgent?.trim().slice(0, MAX_USER_AGENT_LENGTH) || null;
    return this.tokenPair(await this.sessions.start(user.id, device), user);
  }

  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const session = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) {
      await this.sessions.revoke(session.sessionId);
      throw new RefusedCredentialsException(REFRESH_REFUSED, 'bad_credentials', session.userId);
    }
    return this.tokenPair(session, user);
  }

  /** Ends the caller's session; with a refresh token of another of their sessions, that one too. */
  async logout(user: AuthenticatedUser, refreshToken?: string): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    if (refreshToken === undefined) return;
    const other = await this.sessions.findByRefreshToken(refreshToken);
    if (other && other.userId === user.id && other.id !== user.sessionId) {
      await this.sessions.revoke(other.id);
    }
  }

  private tokenPair(session: IssuedSession, user: TokenSubject): TokenPairDto {
    return {
      accessToken: this.accessTokens.sign(user, session.sessionId),
      refreshToken: session.refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}
