import { type Actor, requireAbilityOnUnits } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { dryRun } from '../db/dry-run.ts';
import { AppError, type InputIssue } from '../errors.ts';
import type { Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { importUnitTable } from '../units/import.ts';
import { refuseIssues, storeStagedImport } from '../values/import.ts';
import { loadCatalog } from '../values/write.ts';
import { type ImportKind, readUpload, stageValuesUpload } from './read-upload.ts';
import type { ValueHeaders } from './stage-rows.ts';
import {
  assertStagedNotLocked,
  checkStaged,
  dropStaged,
  MAX_ISSUES,
  openStaging,
  recheckStaged,
  stagedIssues,
  stagedUnits,
} from './staging.ts';

/** An uploaded file waiting for confirmation, as shown to people. */
export interface PendingImport {
  id: number;
  kind: ImportKind;
  file: string;
  rows: number;
  valid: boolean;
  /** Every problem found, in row order (at most MAX_ISSUES; issue_count has the total). */
  issues: InputIssue[];
  issue_count: number;
  preview: { changed: number; unchanged: number; added?: number; removed?: number };
}

/** What a values upload keeps beside its staged rows: the header each column was found under. */
interface ValuesUploadContent {
  headers?: ValueHeaders;
}

/** The report of a committed import: what changed. */
export type ImportReport = Record<string, string | number> & { id: number; kind: ImportKind };

/** Uploads never confirmed are dropped after this long. */
const KEEP_PENDING = '1 day';

/** Drops uploads never confirmed (and their staged rows) after KEEP_PENDING. */
async function dropExpired(db: Db): Promise<void> {
  const old = await db.query<{ id: number }>(
    `DELETE FROM pending_imports WHERE committed_at IS NULL AND created_at < now() - interval '${KEEP_PENDING}'
     RETURNING id`,
  );
  await dropStaged(
    db,
    old.map((o) => o.id),
  );
}

/**
 * Validates an uploaded values or units file row by row and keeps it for confirmation: nothing
 * is imported yet. Figures are staged set-wise (staging.ts) and stay staged until committed;
 * the preview counts the rows that would change (each one old → new: `listImportChanges`).
 * Units files are checked by a rolled-back import and kept as their table.
 */
export async function stageImport(
  db: Db,
  opts: { kind: ImportKind; fileName: string; content: Buffer; actor: Actor },
): Promise<PendingImport> {
  await dropExpired(db);
  if (opts.kind === 'units') return stageUnits(db, opts);
  const actor = opts.actor;
  const catalog = await loadCatalog(db, []);
  return db.transaction(async (tx) => {
    const id = (
      await tx.query<{ id: number }>(
        `INSERT INTO pending_imports (kind, file_name, rows, valid, content, actor, staged)
         VALUES ('values', $1, 0, false, '{}', $2, true) RETURNING id`,
        [opts.fileName, actor.username],
      )
    )[0]!.id;
    const s = await openStaging(tx, { batch: id });
    await tx.exec('SAVEPOINT staging');
    await stageValuesUpload(tx, s, { bytes: opts.content, fileName: opts.fileName, catalog });
    await checkStaged(tx, s, { countChanges: true });
    const issues = await stagedIssues(tx, s);
    if (issues.count > 0) await tx.exec('ROLLBACK TO SAVEPOINT staging');
    else {
      // Refused at once, as the import itself would be: units outside one's grants, locked figures.
      await requireAbilityOnUnits(tx, actor, 'value.write', await stagedUnits(tx, s));
      await assertStagedNotLocked(tx, s);
    }
    const preview =
      issues.count > 0 ? { changed: 0, unchanged: 0 } : { changed: s.changed, unchanged: s.rows - s.changed };
    // The file's headers are kept: problems found again at the commit name columns as the file does.
    const content: ValuesUploadContent = { headers: s.headers };
    await tx.query(
      `UPDATE pending_imports SET rows = $2, valid = $3, issue_count = $4, issues = $5, preview = $6, staged = $3,
         content = $7
       WHERE id = $1`,
      [
        id,
        s.rows,
        issues.count === 0,
        issues.count,
        JSON.stringify(issues.first),
        JSON.stringify(preview),
        JSON.stringify(content),
      ],
    );
    return {
      id,
      kind: 'values' as const,
      file: opts.fileName,
      rows: s.rows,
      valid: issues.count === 0,
      issues: issues.first,
      issue_count: issues.count,
      preview,
    };
  });
}

async function stageUnits(
  db: Db,
  opts: { fileName: string; content: Buffer; actor: Actor },
): Promise<PendingImport> {
  const table = await readUpload(opts.fileName, opts.content);
  let issues: InputIssue[] = [];
  let preview: PendingImport['preview'] = { changed: 0, unchanged: 0 };
  try {
    const r = await dryRun(db, (tx) =>
      importUnitTable(tx, { table, file: opts.fileName, actor: opts.actor }),
    );
    preview = {
      changed: r.changed + r.added + r.removed,
      unchanged: r.unchanged,
      added: r.added,
      removed: r.removed,
    };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'INVALID_ROWS') throw err;
    issues = err.details;
  }
  const rows = await db.query<{ id: number }>(
    `INSERT INTO pending_imports (kind, file_name, rows, valid, issue_count, issues, preview, content, actor)
     VALUES ('units', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      opts.fileName,
      table.rows.length,
      issues.length === 0,
      issues.length,
      JSON.stringify(issues.slice(0, MAX_ISSUES)),
      JSON.stringify(preview),
      JSON.stringify(table),
      opts.actor.username,
    ],
  );
  return {
    id: rows[0]!.id,
    kind: 'units',
    file: opts.fileName,
    rows: table.rows.length,
    valid: issues.length === 0,
    issues: issues.slice(0, MAX_ISSUES),
    issue_count: issues.length,
    preview,
  };
}

/**
 * Imports a validated upload. Refused with IMPORT_HAS_ERRORS when its report had issues and
 * IMPORT_ALREADY_COMMITTED the second time; the rows are checked again against today's data
 * and nothing is written if any became invalid.
 */
export async function commitImport(db: Db, opts: { id: number; actor: Actor }): Promise<ImportReport> {
  return db.transaction(async (tx) => {
    const row = (
      await tx.query<{
        kind: ImportKind;
        file_name: string;
        rows: number;
        valid: boolean;
        staged: boolean;
        issues: InputIssue[];
        content: Table | ValuesUploadContent;
        committed_at: string | null;
      }>(
        `SELECT kind, file_name, rows, valid, staged, issues, content, committed_at::text AS committed_at
         FROM pending_imports WHERE id = $1 FOR UPDATE`,
        [opts.id],
      )
    )[0];
    if (!row)
      throw new AppError('IMPORT_NOT_FOUND', text(`Không có tệp chờ nhập số ${opts.id}`, `no such upload`));
    if (row.committed_at)
      throw new AppError(
        'IMPORT_ALREADY_COMMITTED',
        text(`Tệp ${row.file_name} đã được nhập lúc ${row.committed_at}`, `already committed`),
      );
    if (!row.valid)
      throw new AppError(
        'IMPORT_HAS_ERRORS',
        text(`Tệp ${row.file_name} có dòng lỗi: sửa tệp và tải lên lại`, `fix the file and upload it again`),
        row.issues,
      );
    const actor = opts.actor;
    let report: Record<string, string | number>;
    if (row.kind === 'units')
      report = {
        ...(await importUnitTable(tx, { table: row.content as Table, file: row.file_name, actor })),
      };
    else {
      const s = await openStaging(tx, { batch: opts.id });
      s.rows = row.rows;
      s.headers = (row.content as ValuesUploadContent).headers ?? {};
      const kept = await tx.query('SELECT 1 FROM import_rows WHERE batch = $1 LIMIT 1', [opts.id]);
      if (row.rows > 0 && kept.length === 0)
        throw new AppError(
          'IMPORT_NOT_FOUND',
          text(
            `Các dòng của tệp ${row.file_name} không còn (máy chủ đã khởi động lại): hãy tải tệp lên lại`,
            `the upload's rows are gone (server restarted): upload the file again`,
          ),
        );
      // Checked again against today's units and measures: nothing is written if a row became invalid.
      await recheckStaged(tx, s);
      await refuseIssues(tx, s, row.file_name);
      const { staleRuns, importId, ...r } = await storeStagedImport(tx, s, {
        actor,
        file: row.file_name,
        source: 'import',
      });
      report = { ...r, stale_runs: staleRuns, import_id: importId };
      await dropStaged(tx, [opts.id]);
    }
    await tx.query(
      `UPDATE pending_imports SET committed_at = now(), committed_by = $2, report = $3, content = '{}', staged = false
       WHERE id = $1`,
      [opts.id, actor.username, JSON.stringify(report)],
    );
    return { id: opts.id, kind: row.kind, ...report };
  });
}
