import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccessCache } from './user-access.cache.js';
import { UsersController } from './users.controller.js';
import { UsersSeeder } from './users.seeder.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [PaginationModule],
  controllers: [UsersController],
  providers: [UsersService, UserAccessCache, PasswordHasher, UsersSeeder],
  exports: [UsersService, UserAccessCache, PasswordHasher],
})
export class UsersModule {}
