import { join } from 'node:path';
import { systemActorNamed } from '../../src/access/index.ts';
import { type Db, openDb } from '../../src/db/database.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import { importUnits } from '../../src/units/import.ts';
import { importValues } from '../../src/values/import.ts';
import { freshPostgresUrl } from './databases.ts';

export const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * A fresh, migrated database of the given kind: PGlite in memory (or in `dataDir`, an empty
 * directory, as a server runs it), or a new PostgreSQL database.
 */
export async function openTestDb(
  target: { name: 'pglite' | 'postgres' },
  prefix = 't',
  dataDir = 'memory://',
): Promise<Db> {
  if (target.name === 'pglite') return openDb({ dataDir });
  return openDb({ databaseUrl: await freshPostgresUrl(prefix) });
}

/** How many rows a table has (to prove that a refused request changed nothing). */
export async function countRows(db: Db, table: string): Promise<number> {
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return r[0]!.n;
}

/** A snapshot of every stored table, to compare before and after a refused request. */
export async function snapshot(db: Db): Promise<string> {
  const tables = [
    'units',
    'measures',
    'frameworks',
    'value_current',
    'value_history',
    'imports',
    'evaluation_results',
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`);
    parts.push(`${t}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

/** Loads the small fixture set: units, the commune and district frameworks, 2024 figures. */
export async function seedFixtures(db: Db): Promise<void> {
  const actor = systemActorNamed('tester');
  await importUnits(db, { path: join(fixtures, 'units-small.csv'), actor });
  await importFramework(db, { path: join(fixtures, 'demo-xa-2024.yaml'), actor });
  await importFramework(db, { path: join(fixtures, 'demo-huyen-2024.yaml'), actor });
  await importValues(db, { path: join(fixtures, 'values-small.csv'), actor });
}
