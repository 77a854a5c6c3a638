import { ConflictException, NotFoundException } from '@nestjs/common';

// The refusals about users, thrown by the services and shown as the OpenAPI examples.

export const userNotFound = () => new NotFoundException('User not found.');

export const emailTaken = () => new ConflictException('An account with this email already exists.');

export const lastEnabledAdmin = () =>
  new ConflictException('This change would leave no enabled admin.');
