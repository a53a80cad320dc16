/**
 * Recording recognitions made before TieuChi: one decision typed by an official
 * (`recordPastRecognition`) or a CSV/.xlsx file of them (`importPastRecognitions`, all or
 * nothing). Each decision names the unit code valid when it was made (a commune merged since
 * keeps its own code and name) and is checked against the unit history.
 */
import { type Actor, requireAbility } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { today } from '../http/openapi.ts';
import { type Message, text, viDate } from '../text.ts';
import { foldVietnamese } from '../units/search-name.ts';
import { type UnitNode, unitHistory } from '../units/tree.ts';
import { readPastRecognitions } from './read.ts';
import type { Authority, PastRecognitionJson, Title } from './schemas.ts';
import { columnOf, type PastRecognitionRow } from './table.ts';

/** One decision as typed or read from a file (dates YYYY-MM-DD). */
export interface PastRecognitionInput {
  unitCode: string;
  /** The unit's name at the time; checked against the history (default: taken from it). */
  unitName?: string | null;
  title: Title;
  year?: number | null;
  /** Null or "chưa rõ số hiệu" when the number is not known. */
  decisionNo?: string | null;
  decisionDate?: string | null;
  /** The day the title was handed over (lễ đón nhận), when only that day is known. */
  ceremonyDate?: string | null;
  authority: Authority;
  signer?: string | null;
  criteriaSet?: string | null;
  frameworkId?: string | null;
  sources?: string[];
  note?: string | null;
}

/** A decision ready to store: the unit interval it names is known. */
interface Resolved {
  input: PastRecognitionInput;
  unit: UnitNode;
  decisionNo: string | null;
}

const blank = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

/** "chưa rõ số hiệu", "chưa rõ", "" → null: the number is not known. */
export function decisionNumber(raw: string | null | undefined): string | null {
  const t = blank(raw);
  if (!t || /^chua ro/.test(foldVietnamese(t))) return null;
  return t;
}

/** Unit kinds each title is given to. */
const kindsOf: Record<Title, readonly string[]> = {
  ntm: ['commune', 'district'],
  ntm_nang_cao: ['commune', 'district'],
  ntm_kieu_mau: ['commune', 'district'],
  hoan_thanh_nhiem_vu: ['city', 'province', 'town', 'provincial_city'],
};

/**
 * The unit interval a decision names: valid on its decision (else ceremony) date, else during
 * its year; among those, the one with the name given; with no date and no year, the earliest
 * interval of that name. Issues name the field and what the history says instead.
 */
function chooseInterval(
  history: UnitNode[],
  input: PastRecognitionInput,
  issue: (field: string, value: string, message: Message) => void,
): UnitNode | null {
  const code = input.unitCode;
  const day = input.decisionDate ?? input.ceremonyDate ?? null;
  const spans = history
    .map(
      (h) => `${h.name}: ${h.validFrom ? viDate(h.validFrom) : '…'} – ${h.validTo ? viDate(h.validTo) : '…'}`,
    )
    .join('; ');
  let candidates = history;
  if (day) {
    candidates = history.filter(
      (h) => (h.validFrom ?? '0001-01-01') <= day && (h.validTo ?? '9999-12-31') >= day,
    );
    if (candidates.length === 0) {
      issue(
        'unit_code',
        code,
        text(
          `mã ${code} không có hiệu lực ngày ${viDate(day)} (hiệu lực: ${spans})`,
          `unit ${code} did not exist on ${day}`,
        ),
      );
      return null;
    }
  } else if (input.year) {
    const from = `${input.year}-01-01`;
    const to = `${input.year}-12-31`;
    candidates = history.filter(
      (h) => (h.validFrom ?? '0001-01-01') <= to && (h.validTo ?? '9999-12-31') >= from,
    );
    if (candidates.length === 0) {
      issue(
        'unit_code',
        code,
        text(
          `mã ${code} không có hiệu lực trong năm ${input.year} (hiệu lực: ${spans})`,
          `unit ${code} did not exist in ${input.year}`,
        ),
      );
      return null;
    }
  }
  const name = blank(input.unitName);
  if (!name) return day || input.year ? candidates[candidates.length - 1]! : candidates[0]!;
  const folded = foldVietnamese(name);
  const named = candidates.filter((h) => foldVietnamese(h.name) === folded);
  if (named.length > 0) return day || input.year ? named[named.length - 1]! : named[0]!;
  const when = day ? `ngày ${viDate(day)}` : input.year ? `năm ${input.year}` : 'trong lịch sử';
  const was = [...new Set(candidates.map((h) => h.name))].join(', ');
  issue(
    'unit_name',
    name,
    text(
      `${when} mã ${code} là ${was}, không phải ${name} (đơn vị đã sáp nhập dùng mã cũ của nó)`,
      `unit ${code} was ${was}, not ${name}`,
    ),
  );
  return null;
}

/** Checks one decision against the unit history, the calendar and the register; issues on `line`. */
async function resolve(
  db: Db,
  input: PastRecognitionInput,
  at: { line?: number; column?: (field: string) => string; except?: number } = {},
): Promise<{ resolved: Resolved | null; issues: InputIssue[]; duplicate: boolean }> {
  const issues: InputIssue[] = [];
  const issue = (field: string, value: string, message: Message) =>
    issues.push({
      ...(at.line !== undefined ? { line: at.line } : {}),
      field: at.column ? at.column(field) : field,
      value,
      message,
    });
  const now = today();
  const year = Number(now.slice(0, 4));
  if (input.year && input.year > year)
    issue('year', String(input.year), text(`năm công nhận sau năm nay (${year})`, 'year in the future'));
  if (input.year !== null && input.year !== undefined && input.year < 1990)
    issue('year', String(input.year), text('năm công nhận từ 1990', 'year from 1990'));
  for (const [field, d] of [
    ['decision_date', input.decisionDate],
    ['ceremony_date', input.ceremonyDate],
  ] as const)
    if (d && d > now) issue(field, viDate(d), text('ngày chưa tới', 'date in the future'));
  if (input.decisionDate && input.year && input.decisionDate < `${input.year}-01-01`)
    issue(
      'decision_date',
      viDate(input.decisionDate),
      text(
        `quyết định ký trước năm được công nhận (${input.year})`,
        `decision made before the year it recognises`,
      ),
    );
  if (input.decisionDate && input.ceremonyDate && input.ceremonyDate < input.decisionDate)
    issue(
      'ceremony_date',
      viDate(input.ceremonyDate),
      text('ngày đón nhận trước ngày quyết định', 'ceremony before the decision'),
    );
  if (input.frameworkId) {
    const fw = await db.query('SELECT 1 FROM frameworks WHERE id = $1 LIMIT 1', [input.frameworkId]);
    if (fw.length === 0)
      issue(
        'framework_id',
        input.frameworkId,
        text('không có bộ tiêu chí với mã này (bỏ trống nếu chưa có)', 'unknown framework'),
      );
  }
  const history = await unitHistory(db, input.unitCode);
  if (history.length === 0) {
    issue('unit_code', input.unitCode, text(`không có đơn vị với mã ${input.unitCode}`, 'unknown unit'));
    return { resolved: null, issues, duplicate: false };
  }
  const unit = chooseInterval(history, input, issue);
  if (!unit) return { resolved: null, issues, duplicate: false };
  if (!kindsOf[input.title].includes(unit.kind))
    issue(
      'title',
      input.title,
      text(`danh hiệu này không cấp cho ${unit.name}`, `this title is not given to a unit of this kind`),
    );
  const same = await db.query(
    `SELECT 1 FROM past_recognitions WHERE unit_code = $1 AND unit_valid_from = $2 AND title = $3
       AND coalesce(recognition_year, 0) = $4 AND id <> $5`,
    [unit.code, unit.validFrom ?? '0001-01-01', input.title, input.year ?? 0, at.except ?? 0],
  );
  if (same.length > 0)
    issue(
      'title',
      input.title,
      text(
        `${unit.name} đã có quyết định với danh hiệu này${input.year ? ` năm ${input.year}` : ''} trong sổ`,
        'already recorded',
      ),
    );
  return {
    resolved: issues.length ? null : { input, unit, decisionNo: decisionNumber(input.decisionNo) },
    issues,
    duplicate: same.length > 0,
  };
}

/** Whoever records recognition decisions of the unit (the coordination office) records, corrects and removes its past ones. */
async function requireRecorder(tx: Db, actor: Actor, unit: { code: string; validTo: string | null }) {
  await requireAbility(tx, actor, 'dossier.decide', { unitCode: unit.code, date: unit.validTo ?? today() });
}

/** The stored columns of a checked decision, in `storedColumns` order. */
function storedValues(r: Resolved): unknown[] {
  const i = r.input;
  return [
    r.unit.code,
    r.unit.validFrom ?? '0001-01-01',
    r.unit.name,
    i.title,
    i.year ?? null,
    r.decisionNo,
    i.decisionDate ?? null,
    i.ceremonyDate ?? null,
    i.authority,
    blank(i.signer),
    blank(i.criteriaSet),
    blank(i.frameworkId),
    (i.sources ?? []).map((s) => s.trim()).filter(Boolean),
    blank(i.note),
  ];
}
const storedColumns = `unit_code, unit_valid_from, unit_name, title, recognition_year, decision_no, decision_date,
  ceremony_date, authority, signer, criteria_set, framework_id, sources, note`;

/** What the audit keeps of a decision: enough to say which one it was. */
function summary(r: Resolved) {
  return {
    name: r.unit.name,
    recognition: r.input.title,
    year: r.input.year ?? null,
    decision_no: r.decisionNo,
    decision_date: r.input.decisionDate ?? null,
  };
}

/** Stores a checked decision with its audit event (the caller's transaction). */
async function store(tx: Db, actor: Actor, r: Resolved): Promise<number> {
  await requireRecorder(tx, actor, r.unit);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO past_recognitions (${storedColumns}, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id::int AS id`,
    [...storedValues(r), actor.username],
  );
  await recordEvent(tx, {
    type: 'past_recognition.recorded',
    actor,
    unitCode: r.unit.code,
    data: { id: row!.id, ...summary(r) },
  });
  return row!.id;
}

/**
 * A stored decision (locked for the transaction) and the unit interval it names, or
 * PAST_RECOGNITION_NOT_FOUND.
 */
async function storedDecision(
  tx: Db,
  id: number,
): Promise<{ decision: PastRecognitionJson; unit: { code: string; validTo: string | null } }> {
  const [row] = await tx.query<{ code: string; valid_to: string | null }>(
    `SELECT r.unit_code AS code, u.valid_to::text AS valid_to FROM past_recognitions r
     LEFT JOIN units u ON u.code = r.unit_code AND u.valid_from = r.unit_valid_from
     WHERE r.id = $1 FOR UPDATE OF r`,
    [id],
  );
  const [decision] = row ? await readPastRecognitions(tx, { ids: [id] }) : [];
  if (!row || !decision)
    throw new AppError(
      'PAST_RECOGNITION_NOT_FOUND',
      text(`Không có quyết định số ${id} trong sổ (có thể đã bị xóa)`, `no recorded decision ${id}`),
    );
  const validTo = row.valid_to === '9999-12-31' ? null : row.valid_to;
  return { decision, unit: { code: row.code, validTo } };
}

/** The decision as the audit keeps it, from what is stored. */
function storedSummary(d: PastRecognitionJson) {
  return {
    name: d.unit.name,
    recognition: d.title,
    year: d.year,
    decision_no: d.decision_no,
    decision_date: d.decision_date,
  };
}

/**
 * Corrects a decision already in the register (a number or date mistyped, the wrong unit): the
 * new content is checked as a new decision would be (unit valid that day, title, no second one),
 * needs the right to record decisions on the old unit and on the new one; audited with what it
 * said before.
 */
export async function correctPastRecognition(
  db: Db,
  opts: { actor: Actor; id: number; recognition: PastRecognitionInput },
): Promise<PastRecognitionJson> {
  await db.transaction(async (tx) => {
    const { decision: before, unit } = await storedDecision(tx, opts.id);
    await requireRecorder(tx, opts.actor, unit);
    const { resolved, issues, duplicate } = await resolve(tx, opts.recognition, { except: opts.id });
    if (!resolved) throw notRecorded(issues, duplicate, 'sửa');
    await requireRecorder(tx, opts.actor, resolved.unit);
    await tx.query(
      `UPDATE past_recognitions SET (${storedColumns}) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       WHERE id = $1`,
      [opts.id, ...storedValues(resolved)],
    );
    await recordEvent(tx, {
      type: 'past_recognition.corrected',
      actor: opts.actor,
      unitCode: resolved.unit.code,
      data: { id: opts.id, ...summary(resolved), before: storedSummary(before) },
    });
  });
  const [saved] = await readPastRecognitions(db, { ids: [opts.id] });
  return saved!;
}

/**
 * Removes a decision from the register (recorded by mistake, or twice under two codes), with the
 * reason; the audit keeps what it said. Needs the right to record decisions on its unit.
 */
export async function removePastRecognition(
  db: Db,
  opts: { actor: Actor; id: number; reason: string },
): Promise<void> {
  const reason = opts.reason.trim();
  if (reason.length < 5)
    throw new AppError(
      'INVALID_REQUEST',
      text('Cần ghi lý do xóa (ít nhất 5 ký tự): không xóa gì', 'a reason (5 characters or more) is needed'),
      [{ field: 'reason', value: reason, message: text('lý do quá ngắn', 'reason too short') }],
    );
  await db.transaction(async (tx) => {
    const { decision: before, unit } = await storedDecision(tx, opts.id);
    await requireRecorder(tx, opts.actor, unit);
    await tx.query('DELETE FROM past_recognitions WHERE id = $1', [opts.id]);
    await recordEvent(tx, {
      type: 'past_recognition.removed',
      actor: opts.actor,
      unitCode: before.unit.code,
      data: { id: opts.id, ...storedSummary(before), reason },
    });
  });
}

/** The refusal of a decision that does not check out: ALREADY_EXISTS when it is only a second one. */
function notRecorded(issues: InputIssue[], duplicate: boolean, verb: 'ghi' | 'sửa'): AppError {
  return new AppError(
    duplicate && issues.length === 1 ? 'ALREADY_EXISTS' : 'INVALID_REQUEST',
    text(
      `Không ${verb} được quyết định công nhận: ${issues.length} lỗi, không lưu gì`,
      `decision not ${verb === 'ghi' ? 'recorded' : 'corrected'}: ${issues.length} problems`,
    ),
    issues,
  );
}

/**
 * Records one recognition decision made before TieuChi (no dossier): the unit code valid on the
 * decision's date with its name then, the title and year, number and date when known. Needs the
 * right to record recognition decisions (`dossier.decide`) on that unit; audited.
 */
export async function recordPastRecognition(
  db: Db,
  opts: { actor: Actor; recognition: PastRecognitionInput },
): Promise<PastRecognitionJson> {
  const id = await db.transaction(async (tx) => {
    const { resolved, issues, duplicate } = await resolve(tx, opts.recognition);
    if (!resolved) throw notRecorded(issues, duplicate, 'ghi');
    return store(tx, opts.actor, resolved);
  });
  const [saved] = await readPastRecognitions(db, { ids: [id] });
  return saved!;
}

/**
 * Records every decision of a file in one transaction: any bad row (named by its line and
 * column, in Vietnamese) or a row the actor may not record rejects the whole file. With
 * `commit: false` the rows are only checked.
 */
export async function importPastRecognitions(
  db: Db,
  opts: {
    actor: Actor;
    file: string;
    rows: PastRecognitionRow[];
    commit: boolean;
  },
): Promise<{ rows: number; committed: boolean; recognitions: PastRecognitionJson[] }> {
  const ids = await db.transaction(async (tx) => {
    const issues: InputIssue[] = [];
    const ready: Resolved[] = [];
    const seen = new Map<string, number>();
    for (const row of opts.rows) {
      issues.push(...row.issues);
      if (!row.input) continue;
      const r = await resolve(tx, row.input, { line: row.line, column: columnOf });
      issues.push(...r.issues);
      if (!r.resolved) continue;
      const key = `${r.resolved.unit.code}|${r.resolved.unit.validFrom}|${row.input.title}|${row.input.year ?? 0}`;
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({
          line: row.line,
          field: 'danh_hieu',
          value: row.input.title,
          message: text(`trùng với dòng ${first}`, `same decision as line ${first}`),
        });
      else seen.set(key, row.line);
      ready.push(r.resolved);
    }
    if (opts.rows.length === 0)
      issues.push({ message: text('Tệp không có dòng quyết định nào', 'the file has no rows') });
    if (issues.length > 0)
      throw new AppError(
        'INVALID_ROWS',
        text(
          `Tệp ${opts.file}: ${issues.length} lỗi, không có quyết định nào được lưu`,
          `${opts.file}: ${issues.length} problems, nothing was saved`,
        ),
        issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      );
    if (!opts.commit) {
      for (const r of ready) await requireRecorder(tx, opts.actor, r.unit);
      return [];
    }
    const out: number[] = [];
    for (const r of ready) out.push(await store(tx, opts.actor, r));
    await recordEvent(tx, {
      type: 'past_recognitions.imported',
      actor: opts.actor,
      data: { file: opts.file, rows: out.length },
    });
    return out;
  });
  return {
    rows: opts.rows.length,
    committed: opts.commit,
    recognitions: ids.length ? await readPastRecognitions(db, { ids }) : [],
  };
}
