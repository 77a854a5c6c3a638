import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { asc, gt, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Role } from '../auth/role.enum.js';
import type { Environment } from '../config/environment.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { sharedStoreUnavailable } from '../redis/redis-client.js';
import { REDIS } from '../redis/redis.constants.js';
import { userAccessChanges } from './user-access-changes.schema.js';

/** A user's access as it stands after a change: what outdated access tokens are judged by. */
export interface AccessChange {
  userId: string;
  version: number;
  email: string;
  roles: readonly Role[];
  /** Disabled or deleted: none of the user's access tokens is accepted. */
  refused: boolean;
  emailVerified: boolean;
}

type Executor = Pick<Database, 'insert'>;

/** Covers a token signed just after a change from a row read just before it. */
const SAFETY_MARGIN_MS = 60_000;
const redisKey = (userId: string) => `user-access-change:${userId}`;
/** Keeps the newest version: two instances publishing changes of one user cannot go back in time. */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).version >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[3])
return 1`;

type RedisWithSetIfNewer = Redis & {
  setIfNewer(key: string, value: string, version: number, until: number): Promise<number>;
};

/**
 * Access tokens carry the user's email, roles and verified email, so the guards judge them without
 * the database. What a token cannot know is a change made after it was signed: a demotion, a
 * disablement, a deletion, a verified email. Such changes are kept here for one access-token lifetime (after which no older token is
 * still valid) and override the token's claims; memory therefore grows with the number of recent
 * changes, not of users. The database stays the record (reloaded at start, and into Redis when it
 * comes back); with Redis, a change made on one instance binds all of them at the next request, and
 * a Redis outage fails requests closed (503).
 */
@Injectable()
export class UserAccessChanges implements OnModuleInit {
  /** Without Redis only: the recent changes, in expiry order. */
  private readonly recent = new Map<string, AccessChange & { until: number }>();
  /** How long a change can still matter: one access-token lifetime, its tolerance and a margin. */
  readonly lifetimeMs: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis | null,
    config: ConfigService<Environment, true>,
  ) {
    const ttl = config.get('JWT_ACCESS_TTL', { infer: true });
    const tolerance = config.get('JWT_CLOCK_TOLERANCE', { infer: true });
    this.lifetimeMs = (ttl + tolerance) * 1000 + SAFETY_MARGIN_MS;
    redis?.defineCommand('setIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.redis?.on('ready', () => void this.reload().catch(() => undefined));
  }

  /** Records a change in the caller's transaction; `publish` it once that has committed. */
  async record(executor: Executor, change: Omit<AccessChange, 'version'>): Promise<AccessChange> {
    const { userId, email, roles, refused, emailVerified } = change;
    const [{ version }] = await executor
      .insert(userAccessChanges)
      .values({ userId, version: 1, email, roles: [...roles], refused, emailVerified })
      .onConflictDoUpdate({
        target: userAccessChanges.userId,
        set: {
          version: sql`${userAccessChanges.version} + 1`,
          email,
          roles: [...roles],
          refused,
          emailVerified,
          changedAt: sql`now()`,
        },
      })
      .returning({ version: userAccessChanges.version });
    return { ...change, version };
  }

  /** Makes a committed change bind every instance: in Redis when configured, else in memory. */
  async publish(change: AccessChange, changedAt = new Date()): Promise<void> {
    const until = changedAt.getTime() + this.lifetimeMs;
    if (until <= Date.now()) return;
    if (!this.redis) {
      this.remember(change, until);
      return;
    }
    try {
      await (this.redis as RedisWithSetIfNewer).setIfNewer(
        redisKey(change.userId),
        JSON.stringify(change),
        change.version,
        until,
      );
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }

  /** The user's latest change if it may postdate one of their access tokens, else undefined. */
  async get(userId: string): Promise<AccessChange | undefined> {
    if (this.redis) {
      try {
        const stored = await this.redis.get(redisKey(userId));
        return stored === null ? undefined : (JSON.parse(stored) as AccessChange);
      } catch (error) {
        throw sharedStoreUnavailable(error);
      }
    }
    const change = this.recent.get(userId);
    return change && change.until > Date.now() ? change : undefined;
  }

  private async reload(): Promise<void> {
    const rows = await this.db
      .select()
      .from(userAccessChanges)
      .where(gt(userAccessChanges.changedAt, new Date(Date.now() - this.lifetimeMs)))
      .orderBy(asc(userAccessChanges.changedAt));
    for (const { changedAt, ...change } of rows) await this.publish(change, changedAt);
  }

  private remember(change: AccessChange, until: number): void {
    this.sweep();
    const known = this.recent.get(change.userId);
    if (!known || known.version < change.version) {
      this.recent.delete(change.userId); // re-inserted at the end, in expiry order
      this.recent.set(change.userId, { ...change, until });
    }
  }

  /** Entries sit in expiry order, so the expired ones are at the front of the map. */
  private sweep(): void {
    const now = Date.now();
    for (const [userId, change] of this.recent) {
      if (change.until > now) break;
      this.recent.delete(userId);
    }
  }
}
