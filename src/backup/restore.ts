/**
 * `tieuchi restore DIR`: a backup into an EMPTY database (a new PGlite directory, or a PostgreSQL
 * database without tables). Every checksum of the manifest is verified before anything is
 * written, and every table's row count and content checksum after: a restore that would not give
 * back exactly what was backed up stops with a message naming the table or file.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Db, openDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import type { FileStore } from '../evidence/storage.ts';
import { ident, listTables, type Manifest, summariseTables } from './manifest.ts';
import { pgTool } from './pg-tools.ts';

const run = promisify(execFile);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readManifest(dir: string): Promise<Manifest> {
  let m: Manifest;
  try {
    m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new AppError(
      'BACKUP_INVALID',
      `Không đọc được ${join(dir, 'manifest.json')}: đây không phải bản sao lưu TieuChi`,
    );
  }
  if (m.format !== 'tieuchi-backup-1')
    throw new AppError('BACKUP_INVALID', `Bản sao lưu có định dạng "${String(m.format)}" không được hỗ trợ`);
  return m;
}

/** Every file the manifest names, with the checksum it names; evidence files by their names. */
async function verifyFiles(dir: string, m: Manifest): Promise<string[]> {
  for (const [name, sum] of Object.entries(m.database.files)) {
    const data = await readFile(join(dir, name)).catch(() => null);
    if (!data) throw new AppError('BACKUP_INCOMPLETE', `Bản sao lưu thiếu tệp ${name}`);
    if (sha256(data) !== sum)
      throw new AppError('BACKUP_CORRUPT', `Tệp ${name} đã bị thay đổi (mã kiểm tra không khớp)`);
  }
  const evidenceDir = join(dir, 'evidence');
  const shas = existsSync(evidenceDir)
    ? readdirSync(evidenceDir).flatMap((d) => readdirSync(join(evidenceDir, d)))
    : [];
  if (shas.length !== m.evidence.count)
    throw new AppError(
      'BACKUP_INCOMPLETE',
      `Bản sao lưu có ${shas.length} tệp minh chứng, danh mục ghi ${m.evidence.count}`,
    );
  for (const sha of shas) {
    const data = await readFile(join(evidenceDir, sha.slice(0, 2), sha));
    if (sha256(data) !== sha)
      throw new AppError(
        'BACKUP_CORRUPT',
        `Tệp minh chứng ${sha.slice(0, 12)}… đã bị thay đổi (mã kiểm tra không khớp)`,
      );
  }
  return shas;
}

async function requireEmpty(db: Db, where: string): Promise<void> {
  const tables = await listTables(db);
  if (tables.length > 0)
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${where} đã có dữ liệu (${tables.length} bảng): chỉ khôi phục vào cơ sở dữ liệu trống`,
    );
}

/** Loads the CSV of each table with foreign-key triggers off (PGlite runs as superuser). */
async function loadCsvTables(db: Db, dir: string, m: Manifest): Promise<void> {
  await migrate(db, { only: m.database.migrations });
  await db.transaction(async (tx) => {
    const tables = Object.keys(m.database.tables);
    await tx.exec('SET LOCAL session_replication_role = replica');
    if (tables.length > 0) await tx.exec(`TRUNCATE ${tables.map(ident).join(', ')}`);
    for (const t of tables) {
      const columns = (
        await tx.query<{ name: string }>(
          `SELECT column_name AS name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          [t],
        )
      ).map((r) => ident(r.name));
      const csv = await readFile(join(dir, 'database', `${t}.csv`), 'utf8');
      if (csv.length > 0) await tx.copyFrom(ident(t), columns, csv);
    }
    // Serial and identity columns continue after the restored rows.
    const seqs = await tx.query<{ tbl: string; col: string; seq: string }>(
      `SELECT c.table_name AS tbl, c.column_name AS col,
              pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
         FROM information_schema.columns c
        WHERE c.table_schema = current_schema()
          AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL`,
    );
    for (const s of seqs)
      await tx.query(
        `SELECT setval($1, coalesce((SELECT max(${ident(s.col)}) FROM ${ident(s.tbl)}), 0) + 1, false)`,
        [s.seq],
      );
  });
}

async function verifyTables(db: Db, m: Manifest): Promise<void> {
  const now = await summariseTables(db, Object.keys(m.database.tables));
  for (const [t, want] of Object.entries(m.database.tables)) {
    const got = now[t];
    if (!got || got.rows !== want.rows || got.md5 !== want.md5)
      throw new AppError(
        'RESTORE_MISMATCH',
        `Bảng ${t} sau khi khôi phục có ${got?.rows ?? 0} dòng (bản sao lưu: ${want.rows})` +
          (got && got.rows === want.rows ? ', nội dung khác' : ''),
      );
  }
}

export interface RestoreReport {
  tables: number;
  rows: number;
  evidence: number;
}

/** Restores the backup in `dir` into an empty database and file store. */
export async function restoreBackup(opts: {
  dir: string;
  databaseUrl?: string;
  dataDir?: string;
  files: FileStore;
}): Promise<RestoreReport> {
  const m = await readManifest(opts.dir);
  const shas = await verifyFiles(opts.dir, m);
  const kind = opts.databaseUrl ? 'postgres' : 'pglite';
  if (m.database.kind !== kind)
    throw new AppError(
      'BACKUP_KIND_MISMATCH',
      m.database.kind === 'postgres'
        ? 'Bản sao lưu này của PostgreSQL: đặt DATABASE_URL tới một cơ sở dữ liệu PostgreSQL trống'
        : 'Bản sao lưu này của PGlite: bỏ DATABASE_URL và chọn một thư mục --data mới',
    );
  if (kind === 'pglite' && opts.dataDir && existsSync(opts.dataDir) && readdirSync(opts.dataDir).length > 0)
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      `Thư mục dữ liệu ${opts.dataDir} đã có dữ liệu: chỉ khôi phục vào một thư mục mới hoặc trống`,
    );
  const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, migrate: false });
  try {
    await requireEmpty(db, kind === 'postgres' ? 'Cơ sở dữ liệu PostgreSQL' : 'Thư mục dữ liệu');
    if (kind === 'postgres')
      await run(pgTool('pg_restore'), [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        `--dbname=${opts.databaseUrl}`,
        join(opts.dir, 'database.pgdump'),
      ]);
    else await loadCsvTables(db, opts.dir, m);
    await verifyTables(db, m);
    // A backup made by an older version gets the newer migrations now.
    await migrate(db);
  } finally {
    await db.close();
  }
  for (const sha of shas)
    await opts.files.put(sha, await readFile(join(opts.dir, 'evidence', sha.slice(0, 2), sha)));
  const rows = Object.values(m.database.tables).reduce((n, t) => n + t.rows, 0);
  return { tables: Object.keys(m.database.tables).length, rows, evidence: shas.length };
}
