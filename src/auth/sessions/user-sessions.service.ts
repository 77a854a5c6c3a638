import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { and, eq, gt, isNull, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { KeysetOrder } from '../../pagination/keyset-order.js';
import type { PageQueryDto } from '../../pagination/page-query.dto.js';
import type { PageDto } from '../../pagination/page.dto.js';
import { PaginationService } from '../../pagination/pagination.service.js';
import { UsersService } from '../../users/users.service.js';
import type { SessionDto } from './dto/session.dto.js';
import { RevokedSessions } from './revoked-sessions.js';
import { sessions } from './sessions.schema.js';
import { userNotFound } from '../../users/user-refusals.js';

/** Also the OpenAPI document's example of the 404. */
export const sessionNotFound = () => new NotFoundException('Session not found.');

/** Newest first, through the (user_id, created_at, id) index read backwards. */
const byCreation = new KeysetOrder(sessions.createdAt, sessions.id, 'desc');
const sessionColumns = {
  id: sessions.id,
  createdAt: sessions.createdAt,
  lastUsedAt: sessions.lastUsedAt,
  userAgent: sessions.userAgent,
};

/** A user's sessions as they see and end them: the session list, and signing out elsewhere. */
@Injectable()
export class UserSessionsService {
  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly revoked: RevokedSessions,
    private readonly pagination: PaginationService,
    private readonly users: UsersService,
  ) {}

  /** The user's live sessions (neither revoked nor expired), newest first. */
  async list(
    userId: string,
    currentSessionId: string,
    { limit, cursor }: PageQueryDto,
  ): Promise<PageDto<SessionDto>> {
    const list = ['sessions', userId];
    const rows = await this.db
      .select({ ...sessionColumns, position: byCreation.position })
      .from(sessions)
      .where(
        and(
          this.unrevokedOf(userId),
          gt(sessions.expiresAt, new Date()),
          byCreation.after(this.pagination.after(list, cursor)),
        ),
      )
      .orderBy(...byCreation.orderBy)
      .limit(limit + 1);
    const { items, nextCursor } = this.pagination.page(list, rows, limit);
    const marked = items.map((item) => ({ ...item, current: item.id === currentSessionId }));
    return { items: marked, nextCursor };
  }

  /** Ends one of the user's sessions; 404 for anyone else's, an unknown or an ended one. */
  async end(userId: string, sessionId: string): Promise<void> {
    const ended = await this.revokeWhere(and(this.unrevokedOf(userId), eq(sessions.id, sessionId)));
    if (ended === 0) throw sessionNotFound();
  }

  /** Ends every session of the user but `keptSessionId` (the caller's own). */
  async endOthers(userId: string, keptSessionId: string): Promise<void> {
    await this.revokeWhere(and(this.unrevokedOf(userId), ne(sessions.id, keptSessionId)));
  }

  /** Ends every session of the user, and with them all their access and refresh tokens. */
  async endAll(userId: string): Promise<void> {
    await this.revokeWhere(this.unrevokedOf(userId));
  }

  /** endAll, for an admin naming the user: 404 for an unknown one. */
  async endAllOfUser(userId: string): Promise<void> {
    if (!(await this.users.findById(userId))) throw userNotFound();
    await this.endAll(userId);
  }

  private unrevokedOf(userId: string): SQL | undefined {
    return and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
  }

  /** One UPDATE, then one revocation entry per session: a user's sessions, so a bounded number. */
  private async revokeWhere(condition: SQL | undefined): Promise<number> {
    const revokedAt = new Date();
    const ended = await this.db
      .update(sessions)
      .set({ revokedAt })
      .where(condition)
      .returning({ id: sessions.id });
    await this.revoked.addAll(
      ended.map(({ id }) => id),
      revokedAt,
    );
    return ended.length;
  }
}
