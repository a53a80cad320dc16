import { extname } from 'node:path';
import { type Actor, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { parseFrameworkTemplate } from '../excel/framework-template-read.ts';
import { FileFormatError } from '../files/tabular.ts';
import { type Message, text } from '../text.ts';
import { diffFrameworks, type FrameworkChange } from './diff.ts';
import {
  contentHash,
  dependencyWarnings,
  frameworkChange,
  insertVersion,
  latestPublished,
  measureConflicts,
  nextVersion,
  registerPublished,
} from './import.ts';
import { type FrameworkIssue, formatPath, type LoadResult, parseFramework } from './load.ts';
import type { FrameworkDefinition } from './schema.ts';
import { listVersions, type StoredFramework } from './store.ts';

export interface DraftResult {
  /** The stored draft; null when the file has errors (then nothing is stored). */
  draft: { id: string; version: number; status: 'draft' } | null;
  errors: FrameworkIssue[];
  /** What the draft changes against the latest published version. */
  changes: FrameworkChange[];
  warnings: Message[];
}

type Upload = LoadResult & { relocate: (issue: FrameworkIssue) => FrameworkIssue };

/** Reads an uploaded framework: YAML text, or the .xlsx template (errors then name sheet, row, column). */
async function readUpload(fileName: string, content: Buffer): Promise<Upload> {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.yaml' || ext === '.yml')
    return { ...parseFramework(content.toString('utf8'), fileName), relocate: (i) => i };
  if (ext === '.xlsx') return parseFrameworkTemplate(content, fileName);
  throw new FileFormatError(
    text(
      `Định dạng "${ext}" không được hỗ trợ: dùng tệp .yaml hoặc mẫu bộ tiêu chí .xlsx`,
      `use .yaml or the .xlsx template`,
    ),
  );
}

/** Same content, whatever the version number and whether a missing threshold is written null or left out. */
function sameContent(a: FrameworkDefinition, b: FrameworkDefinition): boolean {
  const normal = (d: FrameworkDefinition) =>
    contentHash(JSON.parse(JSON.stringify(d, (k, v) => (k === 'rule' && v === null ? undefined : v))));
  return normal(a) === normal(b);
}

/**
 * Stores an uploaded framework (.yaml or .xlsx template) as the framework's draft version, after
 * validating it; drafts are never evaluated and published versions are never touched. A new
 * upload replaces the pending draft; an upload identical to it returns it unchanged.
 */
export async function createDraft(
  db: Db,
  opts: { fileName: string; content: Buffer; actor: Actor },
): Promise<DraftResult> {
  const actor = opts.actor;
  requireSystemAdmin(actor, frameworkChange);
  const upload = await readUpload(opts.fileName, opts.content);
  if (!upload.ok) return { draft: null, errors: upload.errors, changes: [], warnings: [] };
  return saveDraft(db, { def: upload.def, file: upload.file, actor, relocate: upload.relocate });
}

/**
 * Stores a validated definition as the framework's draft (the part of `createDraft` after
 * reading the file; the annex import uses it too). `after` runs in the same transaction once
 * the draft row exists (e.g. to store the annex's source cells).
 */
export async function saveDraft(
  db: Db,
  opts: {
    def: FrameworkDefinition;
    file: string;
    actor: Actor;
    relocate?: (issue: FrameworkIssue) => FrameworkIssue;
    after?: (tx: Db, version: number) => Promise<void>;
  },
): Promise<DraftResult> {
  const { def, file, actor } = opts;
  const upload = { relocate: opts.relocate ?? ((i: FrameworkIssue) => i) };
  return db.transaction(async (tx) => {
    const latest = await latestPublished(tx, def.id);
    const changes = diffFrameworks(latest?.definition ?? null, def);
    const refuse = (errors: FrameworkIssue[]): DraftResult => ({
      draft: null,
      errors,
      changes,
      warnings: [],
    });
    if (latest && sameContent(latest.definition, def))
      return refuse([
        {
          file,
          path: '(tệp)',
          message: text(
            `Nội dung giống phiên bản ${latest.version} đang áp dụng: không có gì để lưu`,
            `same as the published version`,
          ),
        },
      ]);
    const conflicts = await measureConflicts(tx, def);
    if (conflicts.length > 0)
      return refuse(
        conflicts.map((c) =>
          upload.relocate({
            file,
            path: formatPath(c.path),
            message: text(
              `số liệu "${c.measure}" đã có với kiểu ${c.stored}, ở đây khai báo ${c.declared}`,
              `measure already exists with another type`,
            ),
          }),
        ),
      );
    const warnings = await dependencyWarnings(tx, def);
    const pending = (
      await tx.query<{ version: number; definition: FrameworkDefinition }>(
        "SELECT version, definition FROM frameworks WHERE id = $1 AND status = 'draft'",
        [def.id],
      )
    )[0];
    if (pending && sameContent(pending.definition, def)) {
      await opts.after?.(tx, pending.version);
      return {
        draft: { id: def.id, version: pending.version, status: 'draft' },
        errors: [],
        changes,
        warnings,
      };
    }
    if (pending) await tx.query("DELETE FROM frameworks WHERE id = $1 AND status = 'draft'", [def.id]);
    const version = await nextVersion(tx, def);
    await insertVersion(tx, { ...def, version }, { status: 'draft', file, actor: actor.username });
    await opts.after?.(tx, version);
    await recordEvent(tx, {
      type: 'framework.drafted',
      actor,
      data: { framework_id: def.id, version, file },
    });
    return { draft: { id: def.id, version, status: 'draft' }, errors: [], changes, warnings };
  });
}

/**
 * Publishes a draft version: from now on it is the framework's latest version, immutable,
 * used by evaluations (stored results are marked stale and recomputed on the next read).
 */
export async function publishDraft(
  db: Db,
  opts: { id: string; version: number; actor: Actor },
): Promise<StoredFramework> {
  const actor = opts.actor;
  requireSystemAdmin(actor, frameworkChange);
  return db.transaction(async (tx) => {
    const row = (
      await tx.query<{ status: string; definition: FrameworkDefinition }>(
        'SELECT status, definition FROM frameworks WHERE id = $1 AND version = $2 FOR UPDATE',
        [opts.id, opts.version],
      )
    )[0];
    const name = `Bộ tiêu chí ${opts.id} phiên bản ${opts.version}`;
    if (!row)
      throw new AppError('FRAMEWORK_NOT_FOUND', text(`Không có ${name}`, `framework version not found`));
    if (row.status === 'published')
      throw new AppError(
        'FRAMEWORK_ALREADY_PUBLISHED',
        text(`${name} đã ban hành và không sửa được`, `already published`),
      );
    const latest = await latestPublished(tx, opts.id);
    if (latest && latest.version > opts.version)
      throw new AppError(
        'FRAMEWORK_DRAFT_OUTDATED',
        text(
          `Bản nháp ${name} cũ hơn phiên bản ${latest.version} đã ban hành: hãy tải lên lại`,
          `a newer version was published, upload again`,
        ),
      );
    const conflicts = await measureConflicts(tx, row.definition);
    if (conflicts.length > 0)
      throw new AppError(
        'MEASURE_TYPE_CONFLICT',
        text(`${name}: số liệu đã có với kiểu khác`, `measures already exist with another type`),
        conflicts.map((c) => ({
          field: c.measure,
          message: `đã lưu kiểu ${c.stored}, bản nháp khai báo ${c.declared}`,
        })),
      );
    await tx.query(
      "UPDATE frameworks SET status = 'published', published_by = $3, published_at = now() WHERE id = $1 AND version = $2",
      [opts.id, opts.version, actor.username],
    );
    await registerPublished(tx, row.definition, opts.version);
    await recordEvent(tx, {
      type: 'framework.published',
      actor,
      data: { framework_id: opts.id, version: opts.version },
    });
    return (await listVersions(tx, opts.id)).find((v) => v.version === opts.version)!;
  });
}
