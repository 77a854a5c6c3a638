import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { and, arrayContains, count, eq, like } from 'drizzle-orm';
import { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { KeysetOrder } from '../pagination/keyset-order.js';
import type { PageDto } from '../pagination/page.dto.js';
import { PaginationService } from '../pagination/pagination.service.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccessCache } from './user-access.cache.js';
import { UserRow, users } from './users.schema.js';

export type User = Omit<UserRow, 'passwordHash'>;

const PG_UNIQUE_VIOLATION = '23505';
const activeAdmin = and(arrayContains(users.roles, [Role.Admin]), eq(users.disabled, false));
const publicColumns = {
  id: users.id,
  email: users.email,
  roles: users.roles,
  disabled: users.disabled,
  createdAt: users.createdAt,
};
/** Oldest first, through the (created_at, id) index. */
const byCreation = new KeysetOrder(users.createdAt, users.id, 'asc');

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A LIKE pattern matching the strings that start with `prefix`, taken literally. */
function startingWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

@Injectable()
export class UsersService {
  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly passwords: PasswordHasher,
    private readonly accessCache: UserAccessCache,
    private readonly pagination: PaginationService,
  ) {}

  async create(email: string, password: string, roles: Role[] = [Role.User]): Promise<User> {
    const passwordHash = await this.passwords.hash(password);
    try {
      const [user] = await this.db
        .insert(users)
        .values({ email: normalizeEmail(email), passwordHash, roles })
        .returning(publicColumns);
      return user;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException('An account with this email already exists.');
      }
      throw error;
    }
  }

  async findCredentials(email: string): Promise<UserRow | undefined> {
    const [user] = await this.db
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email)));
    return user;
  }

  async findById(id: string): Promise<User | undefined> {
    const [user] = await this.db.select(publicColumns).from(users).where(eq(users.id, id));
    return user;
  }

  /** A page of users; the email prefix is matched through its text_pattern_ops index. */
  async list({ limit, cursor, email, role }: ListUsersQueryDto): Promise<PageDto<User>> {
    const prefix = normalizeEmail(email ?? '') || null;
    const list = ['users', prefix, role ?? null];
    const rows = await this.db
      .select({ ...publicColumns, position: byCreation.position })
      .from(users)
      .where(
        and(
          prefix === null ? undefined : like(users.email, startingWith(prefix)),
          role === undefined ? undefined : arrayContains(users.roles, [role]),
          byCreation.after(this.pagination.after(list, cursor)),
        ),
      )
      .orderBy(...byCreation.orderBy)
      .limit(limit + 1);
    return this.pagination.page(list, rows, limit);
  }

  async count(): Promise<number> {
    const [{ total }] = await this.db.select({ total: count() }).from(users);
    return total;
  }

  /** Within `executor` when given (a transaction), so the count sees its uncommitted change. */
  async countEnabledAdmins(executor: Pick<Database, 'select'> = this.db): Promise<number> {
    const [{ total }] = await executor.select({ total: count() }).from(users).where(activeAdmin);
    return total;
  }

  setRoles(id: string, roles: Role[]): Promise<User> {
    return this.update(id, { roles });
  }

  setDisabled(id: string, disabled: boolean): Promise<User> {
    return this.update(id, { disabled });
  }

  /** Refuses a change that would leave no enabled admin, so the service cannot lock itself out. */
  private async update(
    id: string,
    changes: Partial<Pick<UserRow, 'roles' | 'disabled'>>,
  ): Promise<User> {
    const user = await this.db.transaction(async (tx) => {
      // Locking the admins serialises such changes: two admins demoting each other at once
      // cannot both see the other still in place.
      const before = await tx.select({ id: users.id }).from(users).where(activeAdmin).for('update');
      const [updated] = await tx
        .update(users)
        .set(changes)
        .where(eq(users.id, id))
        .returning(publicColumns);
      if (!updated) throw new NotFoundException('User not found.');
      if (before.length > 0 && (await this.countEnabledAdmins(tx)) === 0) {
        throw new ConflictException('This change would leave no enabled admin.');
      }
      return updated;
    });
    await this.accessCache.invalidate(id);
    return user;
  }
}

function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps driver errors; the PostgreSQL code sits on the error or its cause.
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some(
    (e) => (e as { code?: unknown } | undefined)?.code === PG_UNIQUE_VIOLATION,
  );
}
