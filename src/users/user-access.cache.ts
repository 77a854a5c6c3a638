import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { users } from './users.schema.js';

/** What authorization needs to know about a user, now. */
export interface UserAccess {
  email: string;
  roles: readonly Role[];
  disabled: boolean;
}

const MAX_ENTRIES = 10_000;

/**
 * Keeps the guard path free of database round trips: each user's current roles and status are read
 * once, then served from memory until a change to that user invalidates them. A token issued before a
 * demotion or a disablement is therefore judged by the user's state at the next request.
 * The cache is per process; with several instances the invalidation must be shared too.
 */
@Injectable()
export class UserAccessCache {
  private readonly entries = new Map<string, UserAccess | null>();
  /** Bumped by every invalidation, so a read that raced with a change is not cached. */
  private generation = 0;

  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  async get(userId: string): Promise<UserAccess | null> {
    const cached = this.entries.get(userId);
    if (cached !== undefined) return cached;

    const generation = this.generation;
    const [row] = await this.db
      .select({ email: users.email, roles: users.roles, disabled: users.disabled })
      .from(users)
      .where(eq(users.id, userId));
    const access = row ?? null;
    if (generation === this.generation) this.remember(userId, access);
    return access;
  }

  invalidate(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
  }

  private remember(userId: string, access: UserAccess | null): void {
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(userId, access);
  }
}
