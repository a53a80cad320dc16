/** What a backup holds, written beside it as manifest.json and checked again on restore. */
import type { Db } from '../db/database.ts';

export interface TableSummary {
  rows: number;
  /** md5 of the table's rows as text, in order: equal before and after a faithful round trip. */
  md5: string;
}

export interface Manifest {
  format: 'tieuchi-backup-1';
  created_at: string;
  database: {
    kind: 'pglite' | 'postgres';
    /** pglite: one CSV per table under database/; postgres: pg_dump custom format in database.pgdump. */
    layout: 'csv-per-table' | 'pg_dump-custom';
    migrations: string[];
    tables: Record<string, TableSummary>;
    /** SHA-256 of each file under database/ (or of database.pgdump). */
    files: Record<string, string>;
  };
  /** Evidence files (content-addressed: the name is the SHA-256 of the bytes). */
  evidence: { count: number; bytes: number };
}

/** The application's tables, in a stable order. */
export async function listTables(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  return rows.map((r) => r.name);
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Row count and content checksum of every table (run inside one snapshot for a consistent view). */
export async function summariseTables(db: Db, tables: string[]): Promise<Record<string, TableSummary>> {
  const out: Record<string, TableSummary> = {};
  for (const t of tables) {
    const [r] = await db.query<{ rows: number; md5: string | null }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5
         FROM ${ident(t)} x`,
    );
    out[t] = { rows: Number(r?.rows ?? 0), md5: r?.md5 ?? '' };
  }
  return out;
}

export { ident };
