import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Migrations renumbered once (several shared 013 and 014), by their former name: a database
 * that recorded one under its former name has it recorded under the new one (same file, same
 * order), so that nothing is applied twice.
 */
const renamed: Readonly<Record<string, string>> = {
  '013_framework_annex_cells.sql': '014_framework_annex_cells.sql',
  '013_import_changes.sql': '015_import_changes.sql',
  '014_field.sql': '016_field.sql',
  '014_import_staging.sql': '017_import_staging.sql',
  '014_jobs_notifications.sql': '018_jobs_notifications.sql',
  '014_staffapi_period_codes.sql': '019_staff_period_codes.sql',
  '014_wt_quality.sql': '020_quality.sql',
  '015_history_recognitions.sql': '021_past_recognitions.sql',
  '016_quality_approval_cascade.sql': '022_approval_cascade.sql',
  '017_quality_unit_locations.sql': '023_unit_locations.sql',
};

/** A migration's current name (a backup's manifest may list former ones). */
const migrationName = (name: string): string => renamed[name] ?? name;

/**
 * Applies every `migrations/NNN_*.sql` not yet recorded, each in its own transaction (`only`:
 * just those named, under a current or former name — a restore first rebuilds the schema its
 * backup was taken with).
 */
export async function migrate(db: Db, opts: { only?: readonly string[] } = {}): Promise<void> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  await db.query(
    `UPDATE schema_migrations m SET name = r.name
       FROM unnest($1::text[], $2::text[]) AS r(former, name) WHERE m.name = r.former`,
    [Object.keys(renamed), Object.values(renamed)],
  );
  const only = opts.only?.map(migrationName);
  const done = new Set(
    (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const files = readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const file of files) {
    if (done.has(file) || (only && !only.includes(file))) continue;
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
  }
}
