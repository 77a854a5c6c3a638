import { asc, desc, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** Where a page ended: the exact created_at (ISO 8601, microseconds, UTC) and id of its last row. */
export interface KeysetPosition {
  createdAt: string;
  id: string;
}

/**
 * A list ordered by (created_at, id), as its composite index is. The next page starts with a
 * row-value comparison, `(created_at, id) > (…)`, which the index range scan starts from: no
 * offset, no rows skipped or repeated when rows are inserted between two pages.
 */
export class KeysetOrder {
  constructor(
    private readonly createdAt: PgColumn,
    private readonly id: PgColumn,
    private readonly direction: 'asc' | 'desc',
  ) {}

  /**
   * Selected with each row as `position`: PostgreSQL keeps microseconds, and a cursor built from
   * a JS Date (milliseconds) would skip or repeat rows created within the same millisecond.
   */
  get position(): SQL<string> {
    return sql<string>`to_char(${this.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  }

  /** The rows after `position` in this order; every row when there is none (the first page). */
  after(position: KeysetPosition | undefined): SQL | undefined {
    if (!position) return undefined;
    const comparison = this.direction === 'asc' ? sql.raw('>') : sql.raw('<');
    return sql`(${this.createdAt}, ${this.id}) ${comparison} (${position.createdAt}::timestamptz, ${position.id}::uuid)`;
  }

  get orderBy(): [SQL, SQL] {
    const by = this.direction === 'asc' ? asc : desc;
    return [by(this.createdAt), by(this.id)];
  }
}
