/**
 * The legal annex of a decision read from a Word file into a framework DRAFT (never published
 * here), the review of its source cells, and corrections of single cells by an administrator.
 */
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { type Actor, requireSystemAdmin } from '../../access/index.ts';
import { recordEvent } from '../../audit/events.ts';
import type { Db } from '../../db/database.ts';
import { compileRule } from '../../engine/rules.ts';
import { AppError } from '../../errors.ts';
import { isoDate } from '../../excel/framework-template-reader.ts';
import { FileFormatError } from '../../files/tabular.ts';
import type { Message } from '../../text.ts';
import type { FrameworkChange } from '../diff.ts';
import { type DraftResult, saveDraft } from '../drafts.ts';
import { frameworkChange, latestPublished, measureConflicts } from '../import.ts';
import { definitionHash, type FrameworkIssue, parseFramework } from '../load.ts';
import { FrameworkDefinition, type Indicator, type Rule, type ValueType } from '../schema.ts';
import { annexMeasureId, buildAnnexDefinition, type UnparsedCell } from './build.ts';
import { readThresholdCell } from './cells.ts';
import { legacyDocMessage, readDocx } from './docx.ts';
import { readAnnexTable } from './table.ts';

export interface AnnexImportOptions {
  fileName: string;
  content: Buffer;
  id: string;
  name: string;
  appliesTo: string[];
  validFrom: string;
  validTo: string;
  /** Number of the decision ("51/2025/QĐ-TTg"); read from the document when omitted. */
  decision?: string;
  /** Indicator code → an existing measure id to use instead of `<id>_<code>`. */
  measures?: Record<string, string>;
  actor: Actor;
}

export interface AnnexImportResult {
  draft: { id: string; version: number } | null;
  criteria: number;
  indicators: number;
  rules: number;
  unparsed: UnparsedCell[];
  errors: FrameworkIssue[];
  changes: FrameworkChange[];
  warnings: Message[];
}

const decisionPattern =
  /(?:Quyết định|Nghị quyết|Thông tư)\s+số\s*:?\s*(\d+\/(?:\d{4}\/)?[A-ZĐ][A-ZĐa-z0-9-]*)/u;
const datePattern = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;

/** The decision the annex belongs to, as its heading says ("Kèm theo Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 …"). */
export function legalBasisOf(
  paragraphs: string[],
  decision?: string,
): { number: string; date?: string; issuer?: string; part?: string } | null {
  const part = paragraphs.map((p) => /^PHỤ LỤC\s+([IVX]+)\b/iu.exec(p)).find(Boolean);
  const cited = paragraphs.find((p) => decisionPattern.test(p));
  const number = decision?.trim() || (cited ? decisionPattern.exec(cited)![1]! : null);
  if (!number) return null;
  const d = cited && (!decision || cited.includes(number)) ? datePattern.exec(cited) : null;
  const issuer = cited && /của Thủ tướng Chính phủ/u.test(cited) ? 'Thủ tướng Chính phủ' : undefined;
  return {
    number,
    ...(d ? { date: `${d[3]}-${d[2]!.padStart(2, '0')}-${d[1]!.padStart(2, '0')}` } : {}),
    ...(issuer ? { issuer } : {}),
    ...(part ? { part: `Phụ lục ${part[1]!.toUpperCase()}` } : {}),
  };
}

/** Measures of the indicators of the same framework's latest published version, by code. */
async function previousMeasures(
  db: Db,
  id: string,
  explicit: Record<string, string>,
): Promise<Record<string, { measure: string; type: ValueType }>> {
  const out: Record<string, { measure: string; type: ValueType }> = {};
  const latest = await latestPublished(db, id);
  for (const cr of latest?.definition.criteria ?? [])
    for (const ind of cr.indicators)
      if (ind.measure && ind.type) out[ind.code] = { measure: ind.measure, type: ind.type };
  for (const [code, measure] of Object.entries(explicit)) {
    const row = (
      await db.query<{ type: ValueType }>('SELECT type FROM measures WHERE id = $1', [measure])
    )[0];
    if (!row)
      throw new AppError('INVALID_REQUEST', `Không có số liệu "${measure}" (ghép với chỉ tiêu ${code}).`, [
        { field: 'measures', value: `${code}=${measure}`, message: 'mã số liệu không tồn tại' },
      ]);
    out[code] = { measure, type: row.type };
  }
  return out;
}

/**
 * Reads the annex table of an official decision (.docx) and stores it as the framework's draft.
 * Bad files (legacy .doc, not a Word file, broken, no annex table) are FileFormatErrors in
 * Vietnamese; a definition that does not validate returns `errors` and stores nothing.
 */
export async function importAnnex(db: Db, opts: AnnexImportOptions): Promise<AnnexImportResult> {
  const actor = opts.actor;
  requireSystemAdmin(actor, frameworkChange);
  const ext = extname(opts.fileName).toLowerCase();
  if (ext === '.doc') throw new FileFormatError(legacyDocMessage);
  if (ext !== '.docx')
    throw new FileFormatError(
      `Định dạng "${ext || opts.fileName}" không được hỗ trợ: chọn văn bản phụ lục dạng .docx.`,
    );
  const doc = await readDocx(opts.content);
  const table = readAnnexTable(doc.tables, doc.before);
  const legalBasis = legalBasisOf(doc.paragraphs, opts.decision);
  if (!legalBasis)
    throw new AppError(
      'INVALID_REQUEST',
      'Không tìm thấy số hiệu văn bản trong tệp (dòng "Kèm theo Quyết định số …"): hãy ghi số hiệu quyết định, ví dụ 51/2025/QĐ-TTg.',
      [{ field: 'decision', message: 'thiếu số hiệu văn bản' }],
    );
  const built = buildAnnexDefinition(table, {
    id: opts.id,
    name: opts.name,
    appliesTo: opts.appliesTo,
    validFrom: isoDate(opts.validFrom.trim()),
    validTo: isoDate(opts.validTo.trim()),
    legalBasis,
    fileName: opts.fileName,
    measures: await previousMeasures(db, opts.id, opts.measures ?? {}),
  });
  const counts = {
    criteria: table.criteria.length,
    indicators: table.criteria.reduce((n, c) => n + c.indicators.length, 0),
    rules: built.rules,
    unparsed: built.unparsed,
  };
  const parsed = parseFramework(stringify(built.raw), opts.fileName);
  if (!parsed.ok) return { draft: null, ...counts, errors: parsed.errors, changes: [], warnings: [] };
  const r: DraftResult = await saveDraft(db, {
    def: parsed.def,
    file: opts.fileName,
    actor,
    after: async (tx, version) => {
      await tx.query('DELETE FROM framework_annex_cells WHERE framework_id = $1 AND version = $2', [
        parsed.def.id,
        version,
      ]);
      let position = 0;
      for (const c of built.cells)
        await tx.query(
          `INSERT INTO framework_annex_cells (framework_id, version, code, col, label, source_text, parsed, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [parsed.def.id, version, c.code, c.column, c.label, c.text, c.parsed, position++],
        );
    },
  });
  return {
    draft: r.draft ? { id: r.draft.id, version: r.draft.version } : null,
    ...counts,
    errors: r.errors,
    changes: r.changes,
    warnings: r.warnings,
  };
}

// ── review ──────────────────────────────────────────────────────────────

export interface AnnexReviewCell {
  column: string;
  label: string;
  /** The cell as the annex printed it ('' when the annex left it empty). */
  source: string;
  /** The reader turned the source into a rule (or it was empty). */
  parsed: boolean;
  /** What an administrator typed instead, if anything. */
  corrected: string | null;
  /** The rule the draft holds for this column, in words ('' = none, null = rule_missing). */
  rule_text: string | null;
}

export interface AnnexReviewIndicator {
  criterion_no: string;
  criterion_name: string;
  code: string;
  name: string;
  measure: string | null;
  type: string | null;
  unit: string | null;
  rule_missing: boolean;
  cells: AnnexReviewCell[];
}

export interface AnnexReview {
  id: string;
  version: number;
  status: string;
  name: string;
  source_file: string | null;
  indicators: AnnexReviewIndicator[];
  unparsed_count: number;
}

function ruleAt(ind: Indicator, column: string): Rule | undefined {
  if (column === 'rule') return ind.rule;
  const [kind, key] = column.split(':') as ['region' | 'group', string];
  return (kind === 'region' ? ind.by_region : ind.by_group)?.[key];
}

function ruleText(ind: Indicator, column: string): string | null {
  const r = ruleAt(ind, column);
  if (r === undefined) return '';
  if (r === null) return null;
  return compileRule(r).describe(ind.type ?? 'number', ind.unit) || null;
}

const overridesMissing = (ind: Indicator) =>
  [...Object.values(ind.by_region ?? {}), ...Object.values(ind.by_group ?? {})].some((r) => r === null);
const ruleMissing = (ind: Indicator) =>
  overridesMissing(ind) || ((ind.rule === null || ind.rule === undefined) && !ind.by_region && !ind.by_group);

async function readVersionRow(db: Db, id: string, version?: number) {
  const row = (
    await db.query<{
      version: number;
      status: string;
      definition: FrameworkDefinition;
      source_file: string | null;
    }>(
      version === undefined
        ? `SELECT version, status, definition, source_file FROM frameworks WHERE id = $1
           ORDER BY (status = 'draft') DESC, version DESC LIMIT 1`
        : 'SELECT version, status, definition, source_file FROM frameworks WHERE id = $1 AND version = $2',
      version === undefined ? [id] : [id, version],
    )
  )[0];
  if (!row)
    throw new AppError(
      'FRAMEWORK_NOT_FOUND',
      `Không có bộ tiêu chí "${id}"${version ? ` phiên bản ${version}` : ''}.`,
    );
  return row;
}

/**
 * A version read from an annex (the pending draft when no version is given): each indicator
 * with its source cells beside the rule the draft holds.
 */
export async function readAnnexReview(db: Db, opts: { id: string; version?: number }): Promise<AnnexReview> {
  const row = await readVersionRow(db, opts.id, opts.version);
  const cells = await db.query<{
    code: string;
    col: string;
    label: string;
    source_text: string;
    parsed: boolean;
    corrected: string | null;
  }>(
    'SELECT code, col, label, source_text, parsed, corrected FROM framework_annex_cells WHERE framework_id = $1 AND version = $2 ORDER BY position',
    [opts.id, row.version],
  );
  const byCode = new Map<string, typeof cells>();
  for (const c of cells) byCode.set(c.code, [...(byCode.get(c.code) ?? []), c]);
  const def = row.definition;
  const indicators: AnnexReviewIndicator[] = [];
  for (const cr of def.criteria)
    for (const ind of cr.indicators) {
      const source = byCode.get(ind.code) ?? [];
      const columns = new Map(source.map((c) => [c.col, c]));
      // Columns the draft has a rule for but the annex left empty still show (e.g. after a correction).
      const extra = [
        ...(ind.rule !== undefined ? ['rule'] : []),
        ...Object.keys(ind.by_region ?? {}).map((k) => `region:${k}`),
        ...Object.keys(ind.by_group ?? {}).map((k) => `group:${k}`),
      ].filter((k) => !columns.has(k));
      indicators.push({
        criterion_no: cr.no,
        criterion_name: cr.name,
        code: ind.code,
        name: ind.name,
        measure: ind.measure ?? null,
        type: ind.type ?? null,
        unit: ind.unit ?? null,
        rule_missing: ruleMissing(ind),
        cells: [
          ...source.map((c) => ({
            column: c.col,
            label: c.label,
            source: c.source_text,
            parsed: c.parsed,
            corrected: c.corrected,
            rule_text: ruleText(ind, c.col),
          })),
          ...extra.map((k) => ({
            column: k,
            label: columnLabel(k),
            source: '',
            parsed: true,
            corrected: null,
            rule_text: ruleText(ind, k),
          })),
        ],
      });
    }
  return {
    id: def.id,
    version: row.version,
    status: row.status,
    name: def.name,
    source_file: row.source_file,
    indicators,
    unparsed_count: indicators.reduce(
      (n, i) =>
        n +
        i.cells.filter((c) => c.rule_text === null).length +
        (i.cells.length === 0 && i.rule_missing ? 1 : 0),
      0,
    ),
  };
}

const columnLabel = (column: string) =>
  column === 'measure'
    ? 'Mã số liệu'
    : column === 'rule'
      ? 'Chỉ tiêu chung'
      : column.startsWith('group:')
        ? `Nhóm ${column.slice(6)}`
        : column.slice(7);

const columnPattern = /^(rule|measure|region:[A-Z]+|group:[0-9A-Za-z]+)$/;

/**
 * Corrects one threshold cell of a draft: the text is read like an annex cell ("≥ 75%", "Đạt",
 * "Không áp dụng"; empty removes it). Column `measure` maps the indicator to an existing measure
 * id instead (empty: back to `<id>_<code>`). The definition is re-validated; published versions are
 * never touched. Audit event `framework.draft_corrected` in the same transaction.
 */
export async function correctAnnexCell(
  db: Db,
  opts: { id: string; version: number; code: string; column: string; text: string; actor: Actor },
): Promise<AnnexReview> {
  const actor = opts.actor;
  requireSystemAdmin(actor, frameworkChange);
  if (!columnPattern.test(opts.column))
    throw new AppError(
      'INVALID_REQUEST',
      `Cột "${opts.column}" không hợp lệ: dùng rule, measure, region:<mã vùng> hoặc group:<nhóm>.`,
      [{ field: 'column', value: opts.column, message: 'cột không hợp lệ' }],
    );
  await db.transaction(async (tx) => {
    const row = (
      await tx.query<{ status: string; definition: FrameworkDefinition }>(
        'SELECT status, definition FROM frameworks WHERE id = $1 AND version = $2 FOR UPDATE',
        [opts.id, opts.version],
      )
    )[0];
    const name = `Bộ tiêu chí ${opts.id} phiên bản ${opts.version}`;
    if (!row) throw new AppError('FRAMEWORK_NOT_FOUND', `Không có ${name}.`);
    if (row.status !== 'draft')
      throw new AppError('FRAMEWORK_ALREADY_PUBLISHED', `${name} đã ban hành và không sửa được.`);
    const def = structuredClone(row.definition);
    const ind = def.criteria.flatMap((c) => c.indicators).find((i) => i.code === opts.code);
    if (!ind || ind.parts || ind.derived)
      throw new AppError('INVALID_REQUEST', `${name} không có chỉ tiêu ${opts.code} đọc từ phụ lục.`, [
        { field: 'code', value: opts.code, message: 'không có chỉ tiêu này' },
      ]);
    const refuse = (message: string): never => {
      throw new AppError(
        'INVALID_REQUEST',
        `Chỉ tiêu ${opts.code}, ${columnLabel(opts.column)}: ${message}`,
        [{ field: opts.column, value: opts.text, message }],
      );
    };
    const isMeasure = opts.column === 'measure';
    const before = isMeasure ? ind.measure : ruleAt(ind, opts.column);
    if (isMeasure) {
      const measure = opts.text.trim() || annexMeasureId(opts.id, opts.code);
      if (!/^[a-z][a-z0-9_]*$/.test(measure))
        refuse(
          `"${measure}" không phải mã số liệu (chữ thường, số, dấu gạch dưới, ví dụ road_hardened_pct).`,
        );
      ind.measure = measure;
    }
    const reading = isMeasure ? ({ kind: 'skip' } as const) : readThresholdCell(opts.text);
    let rule: Rule | undefined;
    if (reading.kind === 'skip') rule = undefined;
    else if (reading.kind === 'unparsed')
      refuse(
        `"${opts.text}" không đọc được thành ngưỡng: ghi như "≥ 70%", "100%", "≤ 2%", "≥ 45", "Đạt" hoặc "Không áp dụng".`,
      );
    else if (reading.kind === 'empty') rule = opts.column === 'rule' ? null : undefined;
    else if (reading.kind === 'not_applicable') rule = 'not_applicable';
    else {
      rule = reading.rule;
      const others = [
        ...(opts.column === 'rule' ? [] : [ind.rule]),
        ...Object.entries(ind.by_region ?? {})
          .filter(([k]) => `region:${k}` !== opts.column)
          .map(([, r]) => r),
        ...Object.entries(ind.by_group ?? {})
          .filter(([k]) => `group:${k}` !== opts.column)
          .map(([, r]) => r),
      ].filter((r) => r !== null && r !== undefined && r !== 'not_applicable');
      const boolCell = reading.type === 'boolean';
      const boolInd = ind.type === 'boolean';
      if (boolCell !== boolInd && others.length > 0)
        refuse(
          boolInd
            ? `chỉ tiêu này ghi "Đạt"/"Không áp dụng", không ghi số.`
            : `chỉ tiêu này là số${ind.unit ? ` (${ind.unit})` : ''}: ghi như "≥ 70${ind.unit === '%' ? '%' : ''}".`,
        );
      if (boolCell !== boolInd || others.length === 0) {
        ind.type = reading.type;
        if (reading.type === 'percent') ind.unit = '%';
        else if (reading.unit) ind.unit = reading.unit;
        else delete ind.unit;
      } else if (reading.type === 'percent' && ind.type === 'number') {
        ind.type = 'percent';
        ind.unit = '%';
      }
    }
    if (isMeasure) {
      // The thresholds stay as they are.
    } else if (opts.column === 'rule') {
      if (rule === undefined) delete ind.rule;
      else ind.rule = rule;
    } else {
      const [kind, key] = opts.column.split(':') as ['region' | 'group', string];
      const field = kind === 'region' ? 'by_region' : 'by_group';
      const map = { ...(ind[field] ?? {}) };
      if (rule === undefined) delete map[key];
      else map[key] = rule;
      if (Object.keys(map).length > 0) ind[field] = map;
      else delete ind[field];
      if (ind.rule === null && Object.keys(map).length > 0 && !overridesMissing(ind)) delete ind.rule;
    }
    if (!ruleMissing(ind) && ind.todo?.startsWith('Ô ngưỡng trong phụ lục')) delete ind.todo;
    if (ruleMissing(ind) && ind.rule === undefined && !ind.by_region && !ind.by_group) ind.rule = null;
    const left = def.criteria.flatMap((c) => c.indicators).filter(ruleMissing).length;
    if (def.todo?.includes('phụ lục chưa đọc được') || def.todo === undefined) {
      if (left > 0)
        def.todo = `${left} chỉ tiêu của phụ lục chưa có ngưỡng đọc được: xem trang rà soát phụ lục.`;
      else delete def.todo;
    }
    const checked = FrameworkDefinition.safeParse(def);
    if (!checked.success) refuse(checked.error.issues.map((i) => i.message).join('; '));
    const conflicts = await measureConflicts(tx, def);
    if (conflicts.length > 0)
      refuse(
        `số liệu "${conflicts[0]!.measure}" đã có với kiểu ${conflicts[0]!.stored}, không đổi sang ${conflicts[0]!.declared} được.`,
      );
    await tx.query(
      'UPDATE frameworks SET definition = $3, content_hash = $4 WHERE id = $1 AND version = $2',
      [opts.id, opts.version, JSON.stringify(def), definitionHash(def)],
    );
    if (!isMeasure)
      await tx.query(
        `INSERT INTO framework_annex_cells (framework_id, version, code, col, label, source_text, parsed, corrected, corrected_by, position)
       VALUES ($1, $2, $3, $4, $5, '', true, $6, $7, 100000)
       ON CONFLICT (framework_id, version, code, col) DO UPDATE SET corrected = EXCLUDED.corrected, corrected_by = EXCLUDED.corrected_by`,
        [
          opts.id,
          opts.version,
          opts.code,
          opts.column,
          columnLabel(opts.column),
          opts.text.trim(),
          actor.username,
        ],
      );
    await recordEvent(tx, {
      type: 'framework.draft_corrected',
      actor,
      data: {
        framework_id: opts.id,
        version: opts.version,
        code: opts.code,
        column: opts.column,
        before: before ?? null,
        after: (isMeasure ? ind.measure : ruleAt(ind, opts.column)) ?? null,
      },
    });
  });
  return readAnnexReview(db, { id: opts.id, version: opts.version });
}

export { annexMeasureId };
