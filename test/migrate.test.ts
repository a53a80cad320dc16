import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';

const files = readdirSync(join(import.meta.dirname, '..', 'src', 'db', 'migrations'))
  .filter((f) => f.endsWith('.sql'))
  .sort();

const recorded = async (db: Db) =>
  (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);

describe.each(testDatabases())('migrations on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'migrate');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('number every migration once', () => {
    const numbers = files.map((f) => f.slice(0, 3));
    expect(new Set(numbers).size).toBe(files.length);
  });

  it('a database that recorded migrations under their former numbers gets none applied twice', async () => {
    expect(await recorded(db)).toEqual(files);
    // As a database migrated before the renumbering recorded them.
    await db.exec(`UPDATE schema_migrations SET name = '014_field.sql' WHERE name = '016_field.sql';
      UPDATE schema_migrations SET name = '017_quality_unit_locations.sql' WHERE name = '023_unit_locations.sql'`);
    // Applying 016_field.sql again would fail (its columns exist); nothing is applied.
    await migrate(db);
    expect(await recorded(db)).toEqual(files);
  });
});
