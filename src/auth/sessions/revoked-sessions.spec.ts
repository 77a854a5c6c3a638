import type { Database } from '../../database/database-connection.js';
import type { AccessTokenService } from './access-token.service.js';
import { RevokedSessions } from './revoked-sessions.js';

const lifetimeMs = 900 * 1000;
const tokens = { ttlSeconds: 900 } as AccessTokenService;

interface RevokedRow {
  id: string;
  revokedAt: Date | null;
}

/** A db whose select().from().where().orderBy() chain resolves `rows`. */
function fakeDb(rows: RevokedRow[] = []) {
  const calls = { select: 0, where: [] as unknown[] };
  const db = {
    select: () => {
      calls.select++;
      return {
        from: () => ({
          where: (condition: unknown) => {
            calls.where.push(condition);
            return { orderBy: () => Promise.resolve(rows) };
          },
        }),
      };
    },
  } as unknown as Database;
  return { db, calls };
}

describe('RevokedSessions', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2030-01-01T12:00:00Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('knows nothing about a session that was never revoked', async () => {
    expect(await new RevokedSessions(fakeDb().db, null, tokens).has('s-1')).toBe(false);
  });

  it('reports a session as revoked once added', async () => {
    const revoked = new RevokedSessions(fakeDb().db, null, tokens);
    await revoked.add('s-1');
    expect(await revoked.has('s-1')).toBe(true);
    expect(await revoked.has('s-2')).toBe(false);
  });

  it('reports sessions revoked together, and only those', async () => {
    const revoked = new RevokedSessions(fakeDb().db, null, tokens);
    await revoked.addAll(['s-1', 's-2']);
    await revoked.addAll([]);
    expect(await Promise.all([revoked.has('s-1'), revoked.has('s-2'), revoked.has('s-3')])).toEqual(
      [true, true, false],
    );
  });

  it('forgets a revocation once no access token of the session can still be valid', async () => {
    const revoked = new RevokedSessions(fakeDb().db, null, tokens);
    await revoked.add('s-1');
    jest.advanceTimersByTime(lifetimeMs - 1);
    expect(await revoked.has('s-1')).toBe(true);
    jest.advanceTimersByTime(1);
    expect(await revoked.has('s-1')).toBe(false);
  });

  it('counts the lifetime from the given revocation time', async () => {
    const revoked = new RevokedSessions(fakeDb().db, null, tokens);
    await revoked.add('recent', new Date(Date.now() - lifetimeMs + 60_000));
    await revoked.add('old', new Date(Date.now() - lifetimeMs - 1));
    expect(await revoked.has('recent')).toBe(true);
    expect(await revoked.has('old')).toBe(false);
  });

  it('keeps a live revocation when expired ones are swept', async () => {
    const revoked = new RevokedSessions(fakeDb().db, null, tokens);
    await revoked.add('s-1');
    jest.advanceTimersByTime(lifetimeMs / 2);
    await revoked.add('s-2');
    jest.advanceTimersByTime(lifetimeMs / 2);
    await revoked.add('s-3'); // sweeps s-1
    expect(await Promise.all([revoked.has('s-1'), revoked.has('s-2'), revoked.has('s-3')])).toEqual(
      [false, true, true],
    );
  });

  it('reloads recent revocations from the database at start', async () => {
    const { db, calls } = fakeDb([
      { id: 's-old', revokedAt: new Date(Date.now() - lifetimeMs + 120_000) },
      { id: 's-new', revokedAt: new Date(Date.now() - 60_000) },
      { id: 's-null', revokedAt: null },
    ]);
    const revoked = new RevokedSessions(db, null, tokens);
    await revoked.onModuleInit();

    expect(calls.select).toBe(1);
    expect(calls.where).toHaveLength(1);
    expect(await revoked.has('s-old')).toBe(true);
    expect(await revoked.has('s-new')).toBe(true);
    expect(await revoked.has('s-null')).toBe(true);

    jest.advanceTimersByTime(120_000);
    expect(await revoked.has('s-old')).toBe(false);
    expect(await revoked.has('s-new')).toBe(true);
  });
});
