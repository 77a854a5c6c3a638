import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite runs initdb on every empty data dir (a first start, a deleted `.data/pglite`, each e2e
 * file's in-memory database): about 7 s on a 2-core machine. The first one is dumped, migrated, to
 * a cache file that later empty data dirs load instead. The file is named after PGlite's version
 * and the migrations with their journal, so an upgrade or a new migration makes a new one; nothing
 * is committed.
 */
const CACHE_DIR = resolve('node_modules/.cache/pglite');

export class PgliteTemplate {
  private readonly file: string;

  constructor(migrationsFolder: string) {
    const hash = createHash('sha256').update(pgliteVersion());
    for (const name of readdirSync(migrationsFolder)
      .filter((n) => n.endsWith('.sql'))
      .sort()) {
      hash.update(name).update(readFileSync(join(migrationsFolder, name)));
    }
    // drizzle tells applied migrations by the journal's timestamps: a migration written again with
    // the same SQL (a module generated anew, say) is another migration to it.
    const journal = join(migrationsFolder, 'meta', '_journal.json');
    if (existsSync(journal)) hash.update(readFileSync(journal));
    this.file = join(CACHE_DIR, `migrated-${hash.digest('hex').slice(0, 16)}.tar`);
  }

  /** The template to load into an empty data dir, if one was saved. */
  load(): Blob | undefined {
    return existsSync(this.file) ? new Blob([readFileSync(this.file)]) : undefined;
  }

  /** Saves a freshly migrated, still unused database; a cache that cannot be written is skipped. */
  async save(client: PGlite): Promise<void> {
    try {
      await client.exec('checkpoint');
      const tarball = await client.dumpDataDir('none');
      mkdirSync(CACHE_DIR, { recursive: true });
      // Renamed once whole: a start (or e2e file) in parallel never reads half a file.
      const partial = `${this.file}.${process.pid}`;
      writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
      renameSync(partial, this.file);
    } catch {
      // Read-only node_modules (a container image, say): every empty data dir runs initdb, as before.
    }
  }
}

function pgliteVersion(): string {
  const manifest = resolve('node_modules/@electric-sql/pglite/package.json');
  return existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
    : '';
}

/** Whether the data dir holds no database yet (memory:// always starts empty). */
export function isEmptyDataDir(dataDir: string): boolean {
  return dataDir.startsWith('memory://') || !existsSync(join(dataDir, 'PG_VERSION'));
}
