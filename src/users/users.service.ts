import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { and, arrayContains, count, eq, getTableColumns, like, type SQL, sql } from 'drizzle-orm';
import { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { KeysetOrder } from '../pagination/keyset-order.js';
import type { PageDto } from '../pagination/page.dto.js';
import { PaginationService } from '../pagination/pagination.service.js';
import { canonicalEmail, foldEmailText } from '../validation/account-email.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { type AccessChange, UserAccessChanges } from './user-access-changes.js';
import { UserDisabledEvent } from './user-disabled.event.js';
import { UserRow, users } from './users.schema.js';
import { emailTaken, lastEnabledAdmin, userNotFound } from './user-refusals.js';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export type User = Omit<UserRow, 'passwordHash' | 'emailVerifiedAt'> & { emailVerified: boolean };

const activeAdmin = and(arrayContains(users.roles, [Role.Admin]), eq(users.disabled, false));
const publicColumns = {
  id: users.id,
  email: users.email,
  roles: users.roles,
  disabled: users.disabled,
  emailVerified: sql<boolean>`${users.emailVerifiedAt} is not null`,
  createdAt: users.createdAt,
};
/** What the guards judge a user's older access tokens by after a change. */
const accessOf = ({ email, roles, disabled, emailVerified }: User) => ({
  email,
  roles,
  emailVerified,
  refused: disabled,
});
/** Oldest first, through the (created_at, id) index. */
const byCreation = new KeysetOrder(users.createdAt, users.id, 'asc');

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

  /** A new account; `emailVerified` for the accounts the operator makes (first admin, demo users). */
  async create(
    email: string,
    password: string,
    roles: Role[] = [Role.User],
    emailVerified = false,
  ): Promise<User> {
    const passwordHash = await this.passwords.hash(password);
    const emailVerifiedAt = emailVerified ? sql`now()` : null;
    try {
      const [user] = await this.db
        .insert(users)
        .values({ email: canonicalEmail(email), passwordHash, roles, emailVerifiedAt })
        .returning(publicColumns);
      return user;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw emailTaken();
      }
      throw error;
    }
  }

  async findCredentials(
    email: string,
  ): Promise<(UserRow & Pick<User, 'emailVerified'>) | undefined> {
    const [user] = await this.db
      .select({ ...getTableColumns(users), emailVerified: publicColumns.emailVerified })
      .from(users)
      .where(eq(users.email, canonicalEmail(email)));
    return user;
  }

  async findById(id: string): Promise<User | undefined> {
    const [user] = await this.db.select(publicColumns).from(users).where(eq(users.id, id));
    return user;
  }

  async setPasswordHash(id: string, hash: string, executor: Pick<Database, 'update'> = this.db) {
    await executor.update(users).set({ passwordHash: hash }).where(eq(users.id, id));
  }

  /** A page of users; the email prefix is matched through its text_pattern_ops index. */
  async list({ limit, cursor, email, role }: ListUsersQueryDto): Promise<PageDto<User>> {
    const prefix = foldEmailText(email ?? '') || null;
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

  /**
   * Records that the user receives mail at their address (kept from the first time), and lets
   * their access tokens through the verified-email rule at their next request.
   */
  markEmailVerified(id: string): Promise<User> {
    const emailVerifiedAt = sql`coalesce(${users.emailVerifiedAt}, now())`;
    return this.update(id, { emailVerifiedAt }, false);
  }

  /** Deletes the account (its sessions and data go with it); its access tokens stop at once. */
  async remove(id: string): Promise<void> {
    await this.changeAccess(
      (tx) => tx.delete(users).where(eq(users.id, id)).returning(publicColumns),
      (user) => ({ ...accessOf(user), refused: true }),
    );
  }

  private update(
    id: string,
    changes: Partial<Pick<UserRow, 'roles' | 'disabled'>> | { emailVerifiedAt: SQL },
    mayRemoveAdmin = true,
  ): Promise<User> {
    return this.changeAccess(
      (tx) => tx.update(users).set(changes).where(eq(users.id, id)).returning(publicColumns),
      accessOf,
      mayRemoveAdmin,
    );
  }

  /**
   * Changes one user's access and records the change for the guard, which judges the user's older
   * access tokens by it. Refuses a change that would leave no enabled admin, so the service cannot
   * lock itself out (unless `mayRemoveAdmin` is false: the change cannot).
   */
  private async changeAccess(
    apply: (tx: Transaction) => Promise<User[]>,
    accessAfter: (user: User) => Omit<AccessChange, 'userId' | 'version'>,
    mayRemoveAdmin = true,
  ): Promise<User> {
    const [row, change] = await this.db.transaction(async (tx) => {
      // Locking the admins serialises such changes: two admins demoting each other at once
      // cannot both see the other still in place.
      const before = mayRemoveAdmin
        ? await tx.select({ id: users.id }).from(users).where(activeAdmin).for('update')
        : [];
      const [changed] = await apply(tx);
      if (!changed) throw userNotFound();
      if (before.length > 0 && (await this.countEnabledAdmins(tx)) === 0) {
        throw lastEnabledAdmin();
      }
      const change = await this.accessChanges.record(tx, {
        userId: changed.id,
        ...accessAfter(changed),
      });
      return [changed, change] as const;
    });
    await this.accessChanges.publish(change);
    return row;
  }
}
