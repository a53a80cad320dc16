/**
 * The databases every database test runs on: PGlite always, PostgreSQL when the test runner
 * (scripts/run-tests.mjs) started one and set TIEUCHI_TEST_PG_URL.
 *
 *   describe.each(testDatabases())('… on $name', (target) => { … });
 */
import { createDatabase } from './postgres.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** The PostgreSQL server's test database (TIEUCHI_TEST_PG_URL); only for `postgres`. */
  url?: string;
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite' }];
  const url = process.env.TIEUCHI_TEST_PG_URL;
  if (url) list.push({ name: 'postgres', url });
  return list;
}

let counter = 0;

/**
 * Creates a new, empty, uniquely named database on the TIEUCHI_TEST_PG_URL server and returns
 * its URL, so that each test file (or test) works on a database of its own.
 */
export async function freshPostgresUrl(prefix: string): Promise<string> {
  const base = process.env.TIEUCHI_TEST_PG_URL;
  if (!base) throw new Error('TIEUCHI_TEST_PG_URL is not set: no PostgreSQL server for the tests');
  counter += 1;
  const clean = (
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^(?![a-z_])/, 't') || 't'
  ).slice(0, 20);
  const unique = `${process.pid.toString(36)}_${Date.now().toString(36)}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  return createDatabase(base, `${clean}_${unique}`.slice(0, 63));
}
