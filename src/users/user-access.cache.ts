import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { sharedStoreUnavailable } from '../redis/redis-client.js';
import { REDIS } from '../redis/redis.constants.js';
import { users } from './users.schema.js';

/** What authorization needs to know about a user, now. */
export interface UserAccess {
  email: string;
  roles: readonly Role[];
  disabled: boolean;
}

const MAX_ENTRIES = 10_000;
const versionKey = (userId: string) => `user-access-version:${userId}`;

interface Entry {
  access: UserAccess | null;
  /** With Redis, the user's change counter when this entry was read. */
  version: string | null;
}

/**
 * Keeps the guard path free of database round trips: each user's current roles and status are read
 * once, then served from memory until a change to that user invalidates them. A token issued before a
 * demotion or a disablement is therefore judged by the user's state at the next request.
 * Without Redis the cache is per process. With Redis, every change bumps the user's counter there
 * and each request compares it (one Redis read, no database read), so a change on one instance binds
 * all of them at once; while Redis is away, requests fail closed (503).
 */
@Injectable()
export class UserAccessCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation, so a read that raced with a change is not cached. */
  private generation = 0;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async get(userId: string): Promise<UserAccess | null> {
    // The version is read before the row, so a row cached under it is never older than it.
    const version = this.redis ? await this.currentVersion(this.redis, userId) : null;
    const cached = this.entries.get(userId);
    if (cached !== undefined && cached.version === version) return cached.access;

    const generation = this.generation;
    const [row] = await this.db
      .select({ email: users.email, roles: users.roles, disabled: users.disabled })
      .from(users)
      .where(eq(users.id, userId));
    const access = row ?? null;
    if (generation === this.generation) this.remember(userId, { access, version });
    return access;
  }

  async invalidate(userId: string): Promise<void> {
    this.generation++;
    this.entries.delete(userId);
    if (!this.redis) return;
    try {
      await this.redis.incr(versionKey(userId));
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }

  private async currentVersion(redis: Redis, userId: string): Promise<string> {
    try {
      return (await redis.get(versionKey(userId))) ?? '0';
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }

  private remember(userId: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(userId, entry);
  }
}
