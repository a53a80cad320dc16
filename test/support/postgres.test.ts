import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDatabases } from './databases.ts';

const url = process.env.TIEUCHI_TEST_PG_URL;

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('test PostgreSQL server', () => {
  it('always lists PGlite, and PostgreSQL exactly when TIEUCHI_TEST_PG_URL is set', () => {
    const names = testDatabases().map((d) => d.name);
    expect(names).toEqual(url ? ['pglite', 'postgres'] : ['pglite']);
  });

  if (!url) {
    it.skip('is not running: TIEUCHI_TEST_PG_URL is not set (run the tests with `npm run test:all`)', () => {});
    return;
  }

  it('answers on TIEUCHI_TEST_PG_URL', async () => {
    const version = await withClient(
      url,
      async (c) => (await c.query<{ version: string }>('select version()')).rows[0]?.version,
    );
    expect(version).toContain('PostgreSQL');
    const db = await withClient(
      url,
      async (c) => (await c.query<{ db: string }>('select current_database() as db')).rows[0]?.db,
    );
    expect(db).toBe('tieuchi_test');
  });

  it('creates a fresh, empty UTF8 database per call', async () => {
    const a = await freshPostgresUrl('support');
    const b = await freshPostgresUrl('support');
    expect(a).not.toBe(b);
    await withClient(a, async (c) => {
      const tables = await c.query(
        `select table_name from information_schema.tables where table_schema = 'public'`,
      );
      expect(tables.rows).toEqual([]);
      const enc = await c.query<{ enc: string }>(
        'select pg_encoding_to_char(encoding) as enc from pg_database where datname = current_database()',
      );
      expect(enc.rows[0]?.enc).toBe('UTF8');
      // A table made in one fresh database is not seen from another.
      await c.query('create table probe (id int)');
    });
    await withClient(b, async (c) => {
      const tables = await c.query(
        `select table_name from information_schema.tables where table_schema = 'public'`,
      );
      expect(tables.rows).toEqual([]);
      const text = await c.query<{ t: string }>(`select lower('XÃ ĐẠT CHUẨN') as t`);
      expect(text.rows[0]?.t).toBe('xã đạt chuẩn');
    });
  });
});
