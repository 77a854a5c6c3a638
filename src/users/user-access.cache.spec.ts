import { Role } from '../auth/role.enum.js';
import type { Database } from '../database/database-connection.js';
import { UserAccessCache, type UserAccess } from './user-access.cache.js';

const ada: UserAccess = { email: 'ada@example.com', roles: [Role.User], disabled: false };
const adaAdmin: UserAccess = { ...ada, roles: [Role.User, Role.Admin] };

/**
 * A db whose select().from().where() chain answers with the rows `load()` gives at call time,
 * counting the queries. `hold()` makes the next query wait until `release()`.
 */
function fakeDb(initial: UserAccess[]) {
  let rows = initial;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const fake = {
    queries: 0,
    setRows(next: UserAccess[]) {
      rows = next;
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
    },
    db: {
      select: () => ({
        from: () => ({
          where: async () => {
            fake.queries++;
            const waitFor = gate;
            gate = undefined;
            await waitFor;
            return rows; // read after the wait: the state the database had when it answered
          },
        }),
      }),
    } as unknown as Database,
  };
  return fake;
}

describe('UserAccessCache', () => {
  it('loads a user once, then serves them from memory', async () => {
    const fake = fakeDb([ada]);
    const cache = new UserAccessCache(fake.db, null);

    expect(await cache.get('u-1')).toEqual(ada);
    expect(await cache.get('u-1')).toEqual(ada);
    expect(fake.queries).toBe(1);
  });

  it('remembers an unknown user as null', async () => {
    const fake = fakeDb([]);
    const cache = new UserAccessCache(fake.db, null);

    expect(await cache.get('missing')).toBeNull();
    expect(await cache.get('missing')).toBeNull();
    expect(fake.queries).toBe(1);
  });

  it('keeps one entry per user', async () => {
    const fake = fakeDb([ada]);
    const cache = new UserAccessCache(fake.db, null);

    await cache.get('u-1');
    await cache.get('u-2');
    await cache.get('u-1');
    expect(fake.queries).toBe(2);
  });

  it('reloads a user after an invalidation', async () => {
    const fake = fakeDb([ada]);
    const cache = new UserAccessCache(fake.db, null);
    await cache.get('u-1');

    fake.setRows([adaAdmin]);
    await cache.invalidate('u-1');

    expect(await cache.get('u-1')).toEqual(adaAdmin);
    expect(fake.queries).toBe(2);
    expect(await cache.get('u-1')).toEqual(adaAdmin);
    expect(fake.queries).toBe(2);
  });

  it('does not cache a read that raced with an invalidation', async () => {
    const fake = fakeDb([adaAdmin]);
    const cache = new UserAccessCache(fake.db, null);

    fake.hold();
    const inFlight = cache.get('u-1');
    // The user is demoted while the read is in flight; the read may have seen the old row.
    await cache.invalidate('u-1');
    fake.release();
    expect(await inFlight).toEqual(adaAdmin);

    fake.setRows([ada]);
    expect(await cache.get('u-1')).toEqual(ada);
    expect(fake.queries).toBe(2);
  });
});
