import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { freshPostgresUrl, testDatabases } from './support/databases.ts';
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

  it('025: the history keeps only superseded values; each current figure keeps its provenance', async () => {
    const old = await openDb(
      target.name === 'pglite'
        ? { dataDir: 'memory://', migrate: false }
        : { databaseUrl: await freshPostgresUrl('migrate_025'), migrate: false },
    );
    try {
      await migrate(old, { only: files.filter((f) => f < '025') });
      // As every writer before 025 left it: each value in the history, the last one also current.
      await old.exec(`
        INSERT INTO units (code, valid_from, valid_to, name, kind) VALUES ('C1', '2000-01-01', '9999-12-31', 'Xã Một', 'commune');
        INSERT INTO measures (id, type, name) VALUES ('m', 'number', 'Số liệu');
        INSERT INTO imports (id, kind, file_name, rows, changed, actor) VALUES (7, 'values', 'a.csv', 1, 1, 'nhap');
        INSERT INTO value_history (period, unit_code, measure_id, num, source, actor, import_id, changed_at) VALUES
          ('2024', 'C1', 'm', 1, 'import', 'nhap', 7, '2024-02-01'),
          ('2024', 'C1', 'm', 2, 'typed', 'sua', NULL, '2024-03-01'),
          ('2025', 'C1', 'm', 5, 'import', 'nhap', 7, '2025-02-01');
        UPDATE value_history SET entered_at = '2024-02-28T10:00:00Z' WHERE num = 2;
        INSERT INTO value_current (period, unit_code, measure_id, num, source, actor, changed_at) VALUES
          ('2024', 'C1', 'm', 2, 'typed', 'sua', '2024-03-01'),
          ('2025', 'C1', 'm', 5, 'import', 'nhap', '2025-02-01'),
          ('2026', 'C1', 'm', 9, 'demo', 'demo', '2026-01-01');`);
      await migrate(old);
      expect(await recorded(old)).toEqual(files);
      const history = await old.query<{ period: string; num: number; import_id: number | null }>(
        'SELECT period, num, import_id FROM value_history ORDER BY period, id',
      );
      expect(history).toEqual([{ period: '2024', num: 1, import_id: 7 }]);
      const current = await old.query<{
        period: string;
        num: number;
        import_id: number | null;
        entered: string | null;
      }>(
        `SELECT period, num, import_id, to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS entered
         FROM value_current ORDER BY period`,
      );
      expect(current).toEqual([
        { period: '2024', num: 2, import_id: null, entered: '2024-02-28 10:00' },
        { period: '2025', num: 5, import_id: 7, entered: null },
        { period: '2026', num: 9, import_id: null, entered: null },
      ]);
      // Every value each figure has had, as the history held them before.
      const changes = await old.query<{ period: string; num: number; in_force: boolean }>(
        'SELECT period, num, in_force FROM value_changes ORDER BY period, in_force, id',
      );
      expect(changes).toEqual([
        { period: '2024', num: 1, in_force: false },
        { period: '2024', num: 2, in_force: true },
        { period: '2025', num: 5, in_force: true },
        { period: '2026', num: 9, in_force: true },
      ]);
      // From here on, whatever replaces a current value moves it to the history, once; a change
      // of its time alone does not.
      await old.exec(`UPDATE value_current SET num = 6, actor = 'sua' WHERE period = '2025';
        UPDATE value_current SET changed_at = '2026-01-05' WHERE period = '2026';`);
      expect(await old.query('SELECT period, num, actor FROM value_history ORDER BY period, id')).toEqual([
        { period: '2024', num: 1, actor: 'nhap' },
        { period: '2025', num: 5, actor: 'nhap' },
      ]);
    } finally {
      await old.close();
    }
  });
});
