import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { and, arrayContains, count, eq, like } from 'drizzle-orm';
import { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { KeysetOrder } from '../pagination/keyset-order.js';
import type { PageDto } from '../pagination/page.dto.js';
import { PaginationService } from '../pagination/pagination.service.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { UserAccessChanges } from './user-access-changes.js';
import { UserDisabledEvent } from './user-disabled.event.js';
import { UserRow, users } from './users.schema.js';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export type User = Omit<UserRow, 'passwordHash' | 'emailVerifiedAt'>;

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
    private readonly accessChanges: UserAccessChanges,
    private readonly pagination: PaginationService,
    private readonly events: EventEmitter2,
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

  /** Disabling also ends the user's sessions (UserDisabledEvent): re-enabling does not revive them. */
  async setDisabled(id: string, disabled: boolean): Promise<User> {
    const user = await this.update(id, { disabled });
    if (disabled) await this.events.emitAsync(UserDisabledEvent.NAME, new UserDisabledEvent(id));
    return user;
  }

  /** Deletes the account (its sessions and data go with it); its access tokens stop at once. */
  async remove(id: string): Promise<void> {
    await this.changeAccess(
      (tx) =>
        tx
          .delete(users)
          .where(eq(users.id, id))
          .returning({ id: users.id, email: users.email, roles: users.roles }),
      ({ email, roles }) => ({ email, roles, refused: true }),
    );
  }

  private update(id: string, changes: Partial<Pick<UserRow, 'roles' | 'disabled'>>): Promise<User> {
    return this.changeAccess(
      (tx) => tx.update(users).set(changes).where(eq(users.id, id)).returning(publicColumns),
      ({ email, roles, disabled }) => ({ email, roles, refused: disabled }),
    );
  }

  /**
   * Changes one user's access and records the change for the guard, which judges the user's older
   * access tokens by it. Refuses a change that would leave no enabled admin, so the service cannot
   * lock itself out.
   */
  private async changeAccess<Row extends { id: string; email: string; roles: Role[] }>(
    apply: (tx: Transaction) => Promise<Row[]>,
    accessOf: (row: Row) => { email: string; roles: Role[]; refused: boolean },
  ): Promise<Row> {
    const [row, change] = await this.db.transaction(async (tx) => {
      // Locking the admins serialises such changes: two admins demoting each other at once
      // cannot both see the other still in place.
      const before = await tx.select({ id: users.id }).from(users).where(activeAdmin).for('update');
      const [changed] = await apply(tx);
      if (!changed) throw new NotFoundException('User not found.');
      if (before.length > 0 && (await this.countEnabledAdmins(tx)) === 0) {
        throw new ConflictException('This change would leave no enabled admin.');
      }
      const change = await this.accessChanges.record(tx, {
        userId: changed.id,
        ...accessOf(changed),
      });
      return [changed, change] as const;
    });
    await this.accessChanges.publish(change);
    return row;
  }
}

function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps driver errors; the PostgreSQL code sits on the error or its cause.
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some(
    (e) => (e as { code?: unknown } | undefined)?.code === PG_UNIQUE_VIOLATION,
  );
}
