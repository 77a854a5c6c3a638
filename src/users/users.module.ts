import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccessChanges } from './user-access-changes.js';
import { UsersController } from './users.controller.js';
import { UsersSeeder } from './users.seeder.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [PaginationModule],
  controllers: [UsersController],
  providers: [UsersService, UserAccessChanges, PasswordHasher, UsersSeeder],
  exports: [UsersService, UserAccessChanges, PasswordHasher],
})
export class UsersModule {}
