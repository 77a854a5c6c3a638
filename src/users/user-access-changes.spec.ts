import type { ConfigService } from '@nestjs/config';
import { Role } from '../auth/role.enum.js';
import type { Environment } from '../config/environment.js';
import type { Database } from '../database/database-connection.js';
import { type AccessChange, UserAccessChanges } from './user-access-changes.js';

const TTL_SECONDS = 900;
const config = {
  get: (name: string) => ({ JWT_ACCESS_TTL: TTL_SECONDS, JWT_CLOCK_TOLERANCE: 5 })[name],
} as unknown as ConfigService<Environment, true>;

const demoted: AccessChange = {
  userId: 'u-1',
  version: 2,
  email: 'ada@example.com',
  roles: [Role.User],
  refused: false,
  emailVerified: false,
};

/** A db whose select().from().where().orderBy() chain answers with `rows`, recording the cutoff. */
function fakeDb(rows: (AccessChange & { changedAt: Date })[] = []) {
  return {
    select: () => ({ from: () => ({ where: () => ({ orderBy: async () => rows }) }) }),
  } as unknown as Database;
}

describe('UserAccessChanges (without Redis)', () => {
  afterEach(() => jest.useRealTimers());

  it('knows nothing of a user whose access never changed', async () => {
    const changes = new UserAccessChanges(fakeDb(), null, config);
    expect(await changes.get('u-1')).toBeUndefined();
  });

  it('serves a published change for one token lifetime (plus tolerance and a margin), then forgets it', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const changes = new UserAccessChanges(fakeDb(), null, config);
    await changes.publish(demoted);

    expect(await changes.get('u-1')).toMatchObject(demoted);
    jest.advanceTimersByTime((TTL_SECONDS + 5) * 1000 + 59_000);
    expect(await changes.get('u-1')).toMatchObject(demoted);
    jest.advanceTimersByTime(2_000);
    expect(await changes.get('u-1')).toBeUndefined();
  });

  it('keeps the newest version when changes arrive out of order', async () => {
    const changes = new UserAccessChanges(fakeDb(), null, config);
    const newer = { ...demoted, version: 3, refused: true };
    await changes.publish(newer);
    await changes.publish(demoted);
    expect(await changes.get('u-1')).toMatchObject(newer);
  });

  it('reloads the recent changes from the database at start, each for what is left of its lifetime', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:20:00Z') });
    const recent = { ...demoted, changedAt: new Date('2026-01-01T00:10:00Z') };
    const old = { ...demoted, userId: 'u-2', changedAt: new Date('2026-01-01T00:00:00Z') };
    const changes = new UserAccessChanges(fakeDb([old, recent]), null, config);

    await changes.onModuleInit();

    expect(await changes.get('u-1')).toMatchObject(demoted);
    expect(await changes.get('u-2')).toBeUndefined(); // its lifetime ended at 00:16:05
    jest.advanceTimersByTime(7 * 60_000);
    expect(await changes.get('u-1')).toBeUndefined();
  });
});
