import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/database.ts';

// A new PGlite directory: copied from a cluster initialised once (in a process of its own) and
// cached per user, or initialised in place when there is no writable cache (src/db/database.ts).
describe('new PGlite data directories', () => {
  let root: string;
  const cacheBefore = process.env.XDG_CACHE_HOME;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tieuchi-pglite-dir-'));
  });
  afterEach(() => {
    if (cacheBefore === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = cacheBefore;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const migrations = async (dir: string) => {
    const db = await openDb({ dataDir: dir });
    try {
      // Each directory starts fresh: what an earlier one wrote never reaches the cached cluster.
      const [probe] = await db.query<{ fresh: boolean }>("SELECT to_regclass('probe') IS NULL AS fresh");
      expect(probe!.fresh).toBe(true);
      await db.exec('CREATE TABLE probe (x int)');
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations'))[0]!.n;
    } finally {
      await db.close();
    }
  };

  it('copies each new directory from one cached cluster, and works without a writable cache', async () => {
    process.env.XDG_CACHE_HOME = join(root, 'cache');
    const first = await migrations(join(root, 'a'));
    expect(first).toBeGreaterThan(20);
    const cached = readdirSync(join(root, 'cache', 'tieuchi'));
    expect(cached).toEqual([expect.stringMatching(/^pglite-initdb-\d+\.\d+\.\d+$/)]);
    // The second directory comes from the same cluster, untouched by the first one's writes.
    expect(await migrations(join(root, 'b'))).toBe(first);
    expect(readdirSync(join(root, 'cache', 'tieuchi'))).toEqual(cached);
    expect(existsSync(join(root, 'cache', 'tieuchi', cached[0]!, 'PG_VERSION'))).toBe(true);

    // A cache that cannot be made (a file where the directory would be): initialised in place.
    writeFileSync(join(root, 'not-a-dir'), '');
    process.env.XDG_CACHE_HOME = join(root, 'not-a-dir');
    expect(await migrations(join(root, 'c'))).toBe(first);
  });
});
