import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKeys } from '../config/derived-keys.js';
import type { Environment } from '../config/environment.js';
import { invalidInput } from '../problem-details/validation-problem.js';
import type { KeysetPosition } from './keyset-order.js';
import type { PageDto } from './page.dto.js';

/**
 * What a list is, e.g. `['budgets', userId]` or `['users', emailPrefix, role]`: a cursor is valid
 * only for the list that issued it, so another user's or another filter's cursor is refused.
 */
export type ListKey = readonly (string | null)[];

/** A row fetched for a page: its id and exact `position` (see KeysetOrder.position). */
export interface PositionedRow {
  id: string;
  position: string;
}

export const INVALID_CURSOR =
  'cursor must be the nextCursor of an earlier page of this same list, unchanged';

const KEY_INFO = 'nest-auth-starter page cursor v1';
/** base64url(JSON [createdAt, id]) "." base64url(the first 16 bytes of its HMAC-SHA256). */
const CURSOR = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{22})$/;
const TIMESTAMP = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Keyset pagination: turns rows into pages and cursors, and cursors back into positions. A cursor
 * is signed (HMAC, with a key derived from JWT_SECRET) over the list it belongs to: an altered,
 * forged or foreign one is refused with 400 before any query, and what it holds is checked again
 * strictly, so no unexpected value reaches SQL.
 */
@Injectable()
export class PaginationService {
  private readonly logger = new Logger(PaginationService.name);
  /** The signing key first; during a JWT key rotation, the previous secret's key verifies too. */
  private readonly keys: Buffer[];

  constructor(config: ConfigService<Environment, true>) {
    if (config.get('JWT_SECRET', { infer: true }) === undefined) {
      this.logger.warn('JWT_SECRET is not set: page cursors are valid in this process only.');
    }
    this.keys = derivedKeys(config, KEY_INFO);
  }

  /** Where the page asked for starts: nothing for the first page; 400 for a cursor not issued by `list`. */
  after(list: ListKey, cursor: string | undefined): KeysetPosition | undefined {
    if (cursor === undefined) return undefined;
    const position = this.decode(list, cursor);
    if (!position) throw invalidInput([{ field: 'cursor', messages: [INVALID_CURSOR] }]);
    return position;
  }

  /** The page of rows fetched with `limit + 1`: the extra row only says that another page follows. */
  page<T extends PositionedRow>(
    list: ListKey,
    rows: T[],
    limit: number,
  ): PageDto<Omit<T, 'position'>> {
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(withoutPosition),
      nextCursor:
        rows.length > limit && last
          ? this.encode(list, { createdAt: last.position, id: last.id })
          : null,
    };
  }

  encode(list: ListKey, position: KeysetPosition): string {
    const payload = Buffer.from(JSON.stringify([position.createdAt, position.id])).toString(
      'base64url',
    );
    return `${payload}.${this.tag(this.keys[0], list, payload)}`;
  }

  /** The position a cursor holds, or undefined unless `list` issued it and it holds one. */
  decode(list: ListKey, cursor: string): KeysetPosition | undefined {
    const [, payload, tag] = CURSOR.exec(cursor) ?? [];
    if (payload === undefined || tag === undefined) return undefined;
    const given = Buffer.from(tag);
    const signed = this.keys.some((key) =>
      timingSafeEqual(given, Buffer.from(this.tag(key, list, payload))),
    );
    if (!signed) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    return isTimestamp(createdAt) && typeof id === 'string' && UUID.test(id)
      ? { createdAt, id }
      : undefined;
  }

  private tag(key: Buffer, list: ListKey, payload: string): string {
    return createHmac('sha256', key)
      .update(`${JSON.stringify(list)}\n${payload}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }
}

function withoutPosition<T extends PositionedRow>(row: T): Omit<T, 'position'> {
  const item: Partial<T> = { ...row };
  delete item.position;
  return item as Omit<T, 'position'>;
}

/** A real instant in the exact format KeysetOrder.position selects, which PostgreSQL parses back. */
function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false;
  const milliseconds = `${value.slice(0, 23)}Z`;
  const instant = new Date(milliseconds);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === milliseconds;
}
