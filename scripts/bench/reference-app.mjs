// The bench's reference Nest apps: what the framework's own docs build, and nothing else. A global
// passport-jwt guard (`AuthGuard('jwt')`, with `@Public()` as the opt-out) and a global RolesGuard
// reading the roles from the token, one public and one guarded route, no logging, no headers, no
// database. `node reference-app.mjs fastify` keeps the secret as a KeyObject (the fastest
// passport-jwt allows); `express` is the docs' sample as written: Express and a string secret.
// Plain JavaScript, so decorators are applied with Reflect.decorate. The bench starts it with PORT
// and JWT_SECRET set.
import 'reflect-metadata';
import { createSecretKey } from 'node:crypto';
import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Injectable,
  Module,
  Req,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

const adapterName = process.argv[2];
const IS_PUBLIC = 'isPublic';
const ROLES = 'roles';

class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    const secret = process.env.JWT_SECRET;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: adapterName === 'express' ? secret : createSecretKey(Buffer.from(secret)),
      algorithms: ['HS256'],
    });
  }

  validate(payload) {
    return { id: payload.sub, roles: payload.roles };
  }
}
Reflect.decorate([Injectable()], JwtStrategy);

class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(reflector) {
    super();
    this.reflector = reflector;
  }

  canActivate(context) {
    const targets = [context.getHandler(), context.getClass()];
    return this.reflector.getAllAndOverride(IS_PUBLIC, targets) ? true : super.canActivate(context);
  }
}
Reflect.decorate([Injectable()], JwtAuthGuard);
Inject(Reflector)(JwtAuthGuard, undefined, 0);

class RolesGuard {
  constructor(reflector) {
    this.reflector = reflector;
  }

  canActivate(context) {
    const targets = [context.getHandler(), context.getClass()];
    const required = this.reflector.getAllAndOverride(ROLES, targets);
    if (!required) return true;
    const { user } = context.switchToHttp().getRequest();
    if (required.some((role) => user?.roles?.includes(role))) return true;
    throw new ForbiddenException();
  }
}
Reflect.decorate([Injectable()], RolesGuard);
Inject(Reflector)(RolesGuard, undefined, 0);

class ReferenceController {
  live() {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  me(request) {
    return request.user;
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(ReferenceController.prototype, name);
Reflect.decorate([Controller()], ReferenceController);
Reflect.decorate(
  [Get('health/live'), SetMetadata(IS_PUBLIC, true)],
  ReferenceController.prototype,
  'live',
  method('live'),
);
Reflect.decorate([Get('auth/me')], ReferenceController.prototype, 'me', method('me'));
Req()(ReferenceController.prototype, 'me', 0);

class ReferenceModule {}
Reflect.decorate(
  [
    Module({
      imports: [PassportModule],
      controllers: [ReferenceController],
      providers: [
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
    }),
  ],
  ReferenceModule,
);

const options = { logger: false };
const app =
  adapterName === 'express'
    ? await NestFactory.create(ReferenceModule, options)
    : await NestFactory.create(
        ReferenceModule,
        new (await import('@nestjs/platform-fastify')).FastifyAdapter(),
        options,
      );
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT), '127.0.0.1');
