import { Module } from '@nestjs/common';
import { DemoUsersSeeder } from './demo-users.seeder.js';
import { FirstAdminSeeder } from './first-admin.seeder.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccessCache } from './user-access.cache.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UserAccessCache, PasswordHasher, DemoUsersSeeder, FirstAdminSeeder],
  exports: [UsersService, UserAccessCache, PasswordHasher],
})
export class UsersModule {}
