import { type Actor, toActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { dryRun } from '../db/dry-run.ts';
import { AppError, type InputIssue } from '../errors.ts';
import type { Table } from '../files/tabular.ts';
import { text } from '../text.ts';
import { importUnitTable } from '../units/import.ts';
import { importValueTable } from '../values/import.ts';
import { collectValueChanges, storeChanges, type ValueChange } from './changes.ts';
import { type ImportKind, readUpload } from './read-upload.ts';

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

/** The report of a committed import: what changed. */
export type ImportReport = Record<string, string | number> & { id: number; kind: ImportKind };

const MAX_ISSUES = 1000;
/** Uploads never confirmed are dropped after this long. */
const KEEP_PENDING = '1 day';

/** Imports a table with the same use cases as the CLI; the report in the API's snake_case. */
async function importTable(
  db: Db,
  opts: { kind: ImportKind; table: Table; file: string; actor: Actor | string },
): Promise<Record<string, string | number>> {
  if (opts.kind === 'units') return { ...(await importUnitTable(db, opts)) };
  const { staleRuns, importId, ...r } = await importValueTable(db, { ...opts, source: 'import' });
  return { ...r, stale_runs: staleRuns, import_id: importId };
}

/**
 * Validates an uploaded values or units file row by row and keeps it for confirmation: nothing
 * is imported yet. The preview says how many rows would change, from a rolled-back import, and
 * for figures keeps each change (old → new) for `listImportChanges`.
 */
export async function stageImport(
  db: Db,
  opts: { kind: ImportKind; fileName: string; content: Buffer; actor: Actor | string },
): Promise<PendingImport> {
  const table = await readUpload(opts.kind, opts.fileName, opts.content);
  let issues: InputIssue[] = [];
  let preview: PendingImport['preview'] = { changed: 0, unchanged: 0 };
  let changes: ValueChange[] = [];
  try {
    const r = await dryRun<Record<string, string | number>>(db, async (tx) => {
      const run = () => importTable(tx, { kind: opts.kind, table, file: opts.fileName, actor: opts.actor });
      if (opts.kind === 'units') return run();
      const found = await collectValueChanges(tx, table, async () => {
        const report = await run();
        return { ...report, importId: Number(report.import_id) };
      });
      changes = found.changes;
      return found.report;
    });
    const added = Number(r.added ?? 0);
    const removed = Number(r.removed ?? 0);
    preview =
      opts.kind === 'units'
        ? { changed: Number(r.changed) + added + removed, unchanged: Number(r.unchanged), added, removed }
        : { changed: Number(r.changed), unchanged: Number(r.unchanged) };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'INVALID_ROWS') throw err;
    issues = err.details;
  }
  const rows = await db.query<{ id: number }>(
    `WITH old AS (
       DELETE FROM pending_imports WHERE committed_at IS NULL AND created_at < now() - interval '${KEEP_PENDING}'
     )
     INSERT INTO pending_imports (kind, file_name, rows, valid, issue_count, issues, preview, content, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      opts.kind,
      opts.fileName,
      table.rows.length,
      issues.length === 0,
      issues.length,
      JSON.stringify(issues.slice(0, MAX_ISSUES)),
      JSON.stringify(preview),
      JSON.stringify(table),
      toActor(opts.actor).username,
    ],
  );
  await storeChanges(db, rows[0]!.id, changes);
  return {
    id: rows[0]!.id,
    kind: opts.kind,
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
export async function commitImport(
  db: Db,
  opts: { id: number; actor: Actor | string },
): Promise<ImportReport> {
  return db.transaction(async (tx) => {
    const row = (
      await tx.query<{
        kind: ImportKind;
        file_name: string;
        valid: boolean;
        issues: InputIssue[];
        content: Table;
        committed_at: string | null;
      }>(
        `SELECT kind, file_name, valid, issues, content, committed_at::text AS committed_at
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
    const report = await importTable(tx, {
      kind: row.kind,
      table: row.content,
      file: row.file_name,
      actor: opts.actor,
    });
    await tx.query(
      `UPDATE pending_imports SET committed_at = now(), committed_by = $2, report = $3, content = '{}'
       WHERE id = $1`,
      [opts.id, toActor(opts.actor).username, JSON.stringify(report)],
    );
    return { id: opts.id, kind: row.kind, ...report };
  });
}
