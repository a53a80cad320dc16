/**
 * `tieuchi backup DIR`: the database and every evidence file, with a manifest of row counts and
 * checksums, taken while the server keeps running. PGlite: one CSV per table read in a single
 * transaction (through the running server's control socket when it owns the directory);
 * PostgreSQL: `pg_dump` (custom format) of the same snapshot the counts were taken in.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { FileStore } from '../evidence/storage.ts';
import { ident, listTables, type Manifest, summariseTables } from './manifest.ts';
import { pgTool } from './pg-tools.ts';

const run = promisify(execFile);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Refuses a target that already holds something: a backup never overwrites another. */
async function prepareTarget(dir: string): Promise<void> {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new AppError(
      'BACKUP_TARGET_NOT_EMPTY',
      `Thư mục ${dir} đã có dữ liệu: hãy chọn một thư mục mới hoặc trống`,
    );
  await mkdir(join(dir, 'database'), { recursive: true });
  await mkdir(join(dir, 'evidence'), { recursive: true });
}

export interface BackupReport {
  dir: string;
  manifest: Manifest;
}

/** Backs up `db` and the evidence of `files` into the new directory `dir`. */
export async function createBackup(
  db: Db,
  opts: { dir: string; files: FileStore; databaseUrl?: string },
): Promise<BackupReport> {
  await prepareTarget(opts.dir);
  const { evidence: shas, ...database } = await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const tables = await listTables(tx);
    const summary = await summariseTables(tx, tables);
    const migrations = (
      await tx.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
    ).map((r) => r.name);
    const files: Record<string, string> = {};
    if (db.kind === 'postgres') {
      if (!opts.databaseUrl) throw new Error('createBackup: databaseUrl is needed for PostgreSQL');
      const [row] = await tx.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      const snapshot = row?.snapshot ?? '';
      const out = join(opts.dir, 'database.pgdump');
      await run(pgTool('pg_dump'), [
        '--format=custom',
        `--snapshot=${snapshot}`,
        '--no-owner',
        `--file=${out}`,
        opts.databaseUrl,
      ]);
      files['database.pgdump'] = sha256(await readFile(out));
    } else {
      for (const t of tables) {
        const csv = await tx.copyTo(ident(t));
        const name = `database/${t}.csv`;
        await writeFile(join(opts.dir, name), csv);
        files[name] = sha256(csv);
      }
    }
    const evidence = (
      await tx.query<{ sha256: string }>('SELECT sha256 FROM evidence_files ORDER BY sha256')
    ).map((r) => r.sha256);
    return {
      evidence,
      kind: db.kind,
      layout: db.kind === 'postgres' ? ('pg_dump-custom' as const) : ('csv-per-table' as const),
      migrations,
      tables: summary,
      files,
    };
  });
  // Evidence is content-addressed and never changes: the files the snapshot names are all there.
  let bytes = 0;
  for (const sha of shas) {
    const data = await opts.files.get(sha);
    if (sha256(data) !== sha)
      throw new AppError(
        'BACKUP_EVIDENCE_CORRUPT',
        `Tệp minh chứng ${sha.slice(0, 12)}… trong kho không khớp mã SHA-256`,
      );
    await mkdir(join(opts.dir, 'evidence', sha.slice(0, 2)), { recursive: true });
    await writeFile(join(opts.dir, 'evidence', sha.slice(0, 2), sha), data);
    bytes += data.length;
  }
  const manifest: Manifest = {
    format: 'tieuchi-backup-1',
    created_at: new Date().toISOString(),
    database,
    evidence: { count: shas.length, bytes },
  };
  await writeFile(join(opts.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: opts.dir, manifest };
}
