import { type Actor, can } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { dossierItems } from '../dossiers/items.ts';
import { type Dossier, requireDossier, touchDossier } from '../dossiers/store.ts';
import { type DossierStep, requireStep } from '../dossiers/workflow.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { uploadLimits } from '../files/limits.ts';
import { checkZipInflation } from '../files/zip-inflate.ts';
import { type Message, render, text } from '../text.ts';
import type { FieldMeta } from './field.ts';
import { detectFileType, type EvidenceType, extensions, mediaTypes } from './file-types.ts';
import { type EvidenceLink, listDossierEvidence } from './read.ts';
import { type FileStore, sha256Of } from './storage.ts';

/** Largest evidence file accepted (a scanned decision or minutes of many pages): TIEUCHI_MAX_EVIDENCE_MB. */
export const MAX_EVIDENCE_BYTES = uploadLimits().evidenceBytes;

/** Procedure documents the commune attaches while it edits the dossier. */
export const procedureDocuments = [
  'posting',
  'front_comments',
  'satisfaction',
  'meeting_minutes',
  'debt_statement',
] as const;
/** Documents of the decision stage: the workflow step that attaches them (who, in which state). */
const decisionDocuments: Record<string, DossierStep> = {
  council_minutes: 'attach_decision',
  decision: 'attach_decision',
  revocation: 'attach_revocation',
};
export const documentKinds = [...procedureDocuments, ...Object.keys(decisionDocuments)] as const;
export type DocumentKind =
  | (typeof procedureDocuments)[number]
  | 'council_minutes'
  | 'decision'
  | 'revocation';

/** What a file supports: one or more indicators of the dossier, or one document of the procedure. */
export type EvidenceTarget = { indicatorCodes: string[] } | { document: DocumentKind };

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

const mb = (n: number) =>
  `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MB`;

const officeNames: Partial<Record<EvidenceType, string>> = { docx: 'Word (.docx)', xlsx: 'Excel (.xlsx)' };

/**
 * Why an Office file (a ZIP container) is refused, if it is: its name says another Office type
 * than its content, or it inflates beyond TIEUCHI_MAX_INFLATED_MB / the ratio limit (a ZIP bomb).
 */
async function officeProblem(f: UploadedFile, type: EvidenceType): Promise<Message | null> {
  const name = officeNames[type];
  if (!name) return null;
  const ext = f.name.toLowerCase().match(/\.[a-z0-9]+$/)?.[0];
  const claimed = (Object.keys(extensions) as EvidenceType[]).find((t) => extensions[t] === ext);
  if (ext && claimed && claimed !== type)
    return text(
      `tên tệp là ${ext} nhưng nội dung là tệp ${name}: nội dung không khớp với loại tệp`,
      `the name says ${ext} but the content is ${name}: the content does not match the file type`,
    );
  try {
    await checkZipInflation(f.bytes, uploadLimits(), { what: `Tệp ${name}`, inflate: true });
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.text;
    throw err;
  }
}

/** Checks every file (size, type from content, Office files' inflated size); one issue per bad file, naming it. */
export async function checkFiles(
  files: UploadedFile[],
): Promise<{ ok: Array<UploadedFile & { type: EvidenceType; sha256: string }>; issues: InputIssue[] }> {
  const ok: Array<UploadedFile & { type: EvidenceType; sha256: string }> = [];
  const issues: InputIssue[] = [];
  for (const f of files) {
    const bad = (message: Message) => issues.push({ field: 'file', value: f.name, message });
    if (f.bytes.length === 0) bad(text('tệp rỗng (0 byte)', 'empty file'));
    else if (f.bytes.length > MAX_EVIDENCE_BYTES)
      bad(text(`tệp ${mb(f.bytes.length)}, vượt giới hạn ${mb(MAX_EVIDENCE_BYTES)}`, `file too large`));
    else {
      const detected = await detectFileType(f.bytes);
      const problem = detected.ok ? await officeProblem(f, detected.type) : detected.reason;
      if (problem) bad(problem);
      else if (detected.ok) ok.push({ ...f, type: detected.type, sha256: sha256Of(f.bytes) });
    }
  }
  return { ok, issues };
}

/**
 * The appraisal delegation adds field photos while the dossier is under appraisal: the reviewer
 * of each indicator's criterion (dossier.rule). True when the actor is that reviewer for every
 * indicator; otherwise the ordinary checks apply (and refuse with their own codes).
 */
async function isFieldReviewer(tx: Db, actor: Actor, d: Dossier, target: EvidenceTarget): Promise<boolean> {
  if (d.state !== 'under_appraisal' || !('indicatorCodes' in target)) return false;
  const { items } = await dossierItems(tx, d);
  const criterion = new Map(items.map((i) => [i.code, i.criterionNo]));
  for (const code of target.indicatorCodes) {
    if (!criterion.has(code)) return false;
    const no = criterion.get(code);
    const unit = { unitCode: d.unitCode, frameworkId: d.frameworkId, ...(no ? { criterionNo: no } : {}) };
    if (!(await can(tx, actor, 'dossier.rule', unit))) return false;
  }
  return true;
}

/** Who may change the dossier's links to `target`, in which state: throws FORBIDDEN / DOSSIER_LOCKED. */
async function requireTargetEditable(
  tx: Db,
  actor: Actor,
  d: Dossier,
  target: EvidenceTarget,
  opts: { field?: boolean } = {},
): Promise<void> {
  if (opts.field && (await isFieldReviewer(tx, actor, d, target))) return;
  const decision = 'document' in target ? decisionDocuments[target.document] : undefined;
  if (decision) return requireStep(tx, actor, d, decision);
  await requireStep(tx, actor, d, 'change_evidence');
  if ('indicatorCodes' in target) {
    const { items } = await dossierItems(tx, d);
    const known = new Set(items.map((i) => i.code));
    const unknown = target.indicatorCodes.filter((c) => !known.has(c));
    if (target.indicatorCodes.length === 0 || unknown.length > 0)
      throw new AppError(
        'INVALID_REQUEST',
        text(`Chỉ tiêu không thuộc bộ tiêu chí ${d.frameworkId}`, `unknown indicator`),
        (unknown.length > 0 ? unknown : ['']).map((c) => ({
          field: 'indicator',
          value: c,
          message: c
            ? text('không có chỉ tiêu này', 'unknown indicator')
            : text('cần ít nhất một chỉ tiêu', 'required'),
        })),
      );
  }
}

async function insertLinks(
  tx: Db,
  actor: Actor,
  d: Dossier,
  target: EvidenceTarget,
  files: Array<{ sha256: string; name: string }>,
  field: FieldMeta | null = null,
): Promise<void> {
  const codes = 'indicatorCodes' in target ? [...new Set(target.indicatorCodes)] : [null];
  const document = 'document' in target ? target.document : null;
  for (const f of files)
    for (const code of codes)
      await tx.query(
        `INSERT INTO evidence_links (dossier_id, sha256, indicator_code, document, file_name, linked_by,
           lat, lng, position_source, taken_at, field_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (dossier_id, sha256, coalesce(indicator_code, ''), coalesce(document, '')) DO NOTHING`,
        [
          d.id,
          f.sha256,
          code,
          document,
          f.name,
          actor.username,
          field?.lat ?? null,
          field?.lng ?? null,
          field?.positionSource ?? null,
          field?.takenAt ?? null,
          field?.note ?? null,
        ],
      );
}

/**
 * Uploads evidence files for indicators of a dossier (or a procedure document). Every file is
 * checked first (not empty, at most MAX_EVIDENCE_BYTES, PDF/PNG/JPEG/DOCX/XLSX by content); one
 * bad file refuses the whole upload and nothing is stored. Files are stored by their SHA-256.
 * A field photo (`field`: place, time, note) may also come from the appraisal delegation while
 * the dossier is under appraisal (the reviewer of the indicator's criterion). Sending the same
 * file again for the same indicator changes nothing (an offline queue may resend it).
 */
export async function uploadEvidence(
  db: Db,
  store: FileStore,
  actor: Actor,
  opts: { dossierId: number; files: UploadedFile[]; target: EvidenceTarget; field?: FieldMeta | null },
): Promise<EvidenceLink[]> {
  if (opts.files.length === 0)
    throw new AppError('INVALID_REQUEST', text('Chưa chọn tệp nào', 'no file sent'), [
      { field: 'file', message: text('cần ít nhất một tệp', 'required') },
    ]);
  const { ok, issues } = await checkFiles(opts.files);
  if (issues.length > 0)
    throw new AppError(
      'INVALID_EVIDENCE',
      text(
        `${issues.length}/${opts.files.length} tệp không hợp lệ, không lưu tệp nào: ${issues.map((i) => `${i.value}: ${render(i.message, 'vi')}`).join('; ')}`,
        `${issues.length}/${opts.files.length} files refused, none stored: ${issues.map((i) => `${i.value}: ${render(i.message, 'en')}`).join('; ')}`,
      ),
      issues,
    );
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireTargetEditable(tx, actor, d, opts.target, { field: Boolean(opts.field) });
    for (const f of ok)
      await tx.query(
        `INSERT INTO evidence_files (sha256, size, media_type, file_type, uploaded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO NOTHING`,
        [f.sha256, f.bytes.length, mediaTypes[f.type], f.type, actor.username],
      );
    await insertLinks(tx, actor, d, opts.target, ok, opts.field ?? null);
    await touchDossier(tx, d.id);
    for (const f of ok)
      await recordEvent(tx, {
        type: 'evidence.uploaded',
        actor,
        unitCode: d.unitCode,
        dossierId: d.id,
        data: {
          sha256: f.sha256,
          file: f.name,
          type: f.type,
          size: f.bytes.length,
          target: opts.target,
          ...(opts.field ? { field: opts.field } : {}),
        },
      });
    // Bytes last: a failed write rolls the rows back; a failed commit leaves only an unused file.
    for (const f of ok) await store.put(f.sha256, f.bytes);
    const shas = new Set(ok.map((f) => f.sha256));
    return (await listDossierEvidence(tx, d.id)).filter((l) => shas.has(l.sha256));
  });
}

/** Reuses a file already in the dossier for other indicators (or a document), without uploading it again. */
export async function linkEvidence(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; sha256: string; target: EvidenceTarget },
): Promise<EvidenceLink[]> {
  return db.transaction(async (tx) => {
    const d = await requireDossier(tx, opts.dossierId, { forUpdate: true });
    await requireTargetEditable(tx, actor, d, opts.target);
    const existing = (await listDossierEvidence(tx, d.id)).find((l) => l.sha256 === opts.sha256);
    if (!existing)
      throw new AppError(
        'EVIDENCE_NOT_FOUND',
        text(`Hồ sơ #${d.id} không có tệp ${opts.sha256.slice(0, 12)}…`, `not in this dossier`),
      );
    await insertLinks(tx, actor, d, opts.target, [{ sha256: opts.sha256, name: existing.file_name }]);
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'evidence.linked',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { sha256: opts.sha256, target: opts.target },
    });
    return (await listDossierEvidence(tx, d.id)).filter((l) => l.sha256 === opts.sha256);
  });
}

/** Removes one evidence link from its dossier (the stored bytes stay: other links may use them). */
export async function unlinkEvidence(db: Db, actor: Actor, opts: { linkId: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ dossier_id: number }>(
      'SELECT dossier_id FROM evidence_links WHERE id = $1',
      [opts.linkId],
    );
    if (!row)
      throw new AppError(
        'EVIDENCE_NOT_FOUND',
        text(`Không có liên kết minh chứng #${opts.linkId}`, `no such link`),
      );
    const d = await requireDossier(tx, row.dossier_id, { forUpdate: true });
    const link = (await listDossierEvidence(tx, d.id)).find((l) => l.link_id === opts.linkId)!;
    const target: EvidenceTarget = link.document
      ? { document: link.document as DocumentKind }
      : { indicatorCodes: [link.indicator_code!] };
    await requireTargetEditable(tx, actor, d, target);
    await tx.query('DELETE FROM evidence_links WHERE id = $1', [link.link_id]);
    await touchDossier(tx, d.id);
    await recordEvent(tx, {
      type: 'evidence.unlinked',
      actor,
      unitCode: d.unitCode,
      dossierId: d.id,
      data: { sha256: link.sha256, file: link.file_name, target },
    });
  });
}
