/**
 * The evaluation workflow of a period: self-assessment → direct manager → head decides (with the
 * quota), each change of a proposed score with a written reason and an audit event; the person
 * sees the explanation and may comment.
 */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { abilitiesOf, isStaffAdmin, relations, requireStaffAbility, type StaffAbilities } from './access.ts';
import { requireStaffFrame, type StaffFrame, unverifiedParts } from './frame.ts';
import {
  applyQuota,
  type PersonScore,
  type QuotaOutcome,
  rollUp,
  type ScoredTask,
  scorePerson,
} from './score.ts';
import { getPerson, type PersonRow, peopleUnder, periodRange, type TaskRow, tasksInPeriod } from './store.ts';

export const defaultFrameId = 'vn-nd335-2025';
type Manual = Record<string, number>;

export interface EvaluationRow {
  person_id: number;
  period: string;
  frame_id: string;
  state: 'draft' | 'self_assessed' | 'reviewed' | 'approved';
  self_manual: Manual;
  self_note: string | null;
  manager_manual: Manual | null;
  manager_reason: string | null;
  disqualifying: string[];
  final_manual: Manual | null;
  head_reason: string | null;
  total: number | null;
  band: string | null;
  proposed_band: string | null;
  quota_reason: string | null;
  person_comment: string | null;
}

const evalSelect = `SELECT person_id, period, frame_id, state, self_manual, self_note, manager_manual, manager_reason,
  disqualifying, final_manual, head_reason, total::float8 AS total, band, proposed_band, quota_reason, person_comment
  FROM staff_evaluations`;

/** The frame that scores a period (chosen per period; NĐ 335 unless set). */
export async function frameFor(db: Db, period: string): Promise<StaffFrame> {
  const r = await db.query<{ frame_id: string }>(
    'SELECT frame_id FROM staff_period_frames WHERE period = $1',
    [period],
  );
  return requireStaffFrame(r[0]?.frame_id ?? defaultFrameId);
}

export async function setPeriodFrame(db: Db, actor: Actor, period: string, frameId: string): Promise<void> {
  if (!isStaffAdmin(actor))
    throw new AppError('FORBIDDEN', 'Chỉ quản trị viên được chọn khung đánh giá cho kỳ');
  periodRange(period);
  const frame = requireStaffFrame(frameId);
  const kind = period.includes('Q') ? 'quarter' : 'month';
  if (!frame.period_kinds.includes(kind))
    throw new AppError(
      'INVALID_INPUT',
      `Khung ${frameId} không dùng cho kỳ ${kind === 'quarter' ? 'quý' : 'tháng'}`,
    );
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO staff_period_frames (period, frame_id) VALUES ($1, $2) ON CONFLICT (period) DO UPDATE SET frame_id = excluded.frame_id',
      [period, frameId],
    );
    await recordEvent(tx, { type: 'staff.period_frame_set', actor, data: { period, frame_id: frameId } });
  });
}

export function toScored(t: TaskRow): ScoredTask {
  return {
    id: t.id,
    label: t.doc_number ? `${t.doc_number} – ${t.title}` : t.title,
    role: t.role,
    converted: t.coefficient * t.quantity,
    deadline: t.deadline,
    completedOn: t.completed_on,
    quality: t.quality,
    majorErrors: t.major_errors,
    excusedErrors: t.excused_errors,
    delayExcused: t.delay_excused,
  };
}

/**
 * The tasks of many people in a period, as scoring reads them, grouped by person. One JSON
 * value instead of 100,000 rows: PGlite hands rows over slowly (see bench/staff.ts).
 */
async function scoredTasksInPeriod(
  db: Db,
  ids: number[],
  period: string,
): Promise<Map<number, ScoredTask[]>> {
  const [from, to] = periodRange(period);
  const r = await db.query<{ j: string | null }>(
    `SELECT json_agg(json_build_array(t.id, t.doc_number, t.title, t.assignee_id, t.role, t.quantity * t.coefficient,
       t.deadline, t.completed_on, t.quality, t.major_errors, t.excused_errors, t.delay_excused) ORDER BY t.deadline, t.id)::text AS j
       FROM staff_tasks t WHERE t.assignee_id = ANY($1::int[]) AND t.deadline BETWEEN $2 AND $3`,
    [ids, from, to],
  );
  type Cell = [
    number,
    string | null,
    string,
    number,
    ScoredTask['role'],
    number,
    string,
    string | null,
    ScoredTask['quality'],
    number,
    number,
    boolean,
  ];
  const out = new Map<number, ScoredTask[]>();
  for (const [
    id,
    doc,
    title,
    assignee,
    role,
    converted,
    deadline,
    completedOn,
    quality,
    majorErrors,
    excusedErrors,
    delayExcused,
  ] of JSON.parse(r[0]?.j ?? '[]') as Cell[]) {
    const list = out.get(assignee) ?? [];
    if (list.length === 0) out.set(assignee, list);
    list.push({
      id,
      label: doc ? `${doc} – ${title}` : title,
      role,
      converted: Number(converted),
      deadline,
      completedOn,
      quality,
      majorErrors,
      excusedErrors,
      delayExcused,
    });
  }
  return out;
}

/** The manual points in force: the head's, else the manager's, else the self-assessment. */
function manualInForce(e: EvaluationRow | undefined): {
  manual: Manual;
  source: 'head' | 'manager' | 'self' | 'none';
} {
  if (e?.final_manual) return { manual: e.final_manual, source: 'head' };
  if (e?.manager_manual) return { manual: e.manager_manual, source: 'manager' };
  if (e && Object.keys(e.self_manual).length > 0) return { manual: e.self_manual, source: 'self' };
  return { manual: {}, source: 'none' };
}

export interface PersonEvaluation {
  person: PersonRow;
  evaluation: EvaluationRow | null;
  score: PersonScore;
  scoreSource: 'head' | 'manager' | 'self' | 'none';
  quota: QuotaOutcome;
  /** The band after the quota (what the head would approve). */
  band: string | null;
  abilities: StaffAbilities;
}

/** Scores everyone in `unit` and below for a period, with the quota applied per group. Pure reads. */
export async function evaluateUnit(
  db: Db,
  actor: Actor,
  unit: string,
  period: string,
  opts: { checkAccess?: boolean; people?: PersonRow[] } = {},
): Promise<{ frame: StaffFrame; rows: PersonEvaluation[] }> {
  periodRange(period);
  const frame = await frameFor(db, period);
  const people = opts.people ?? (await peopleUnder(db, unit));
  const ids = people.map((p) => p.id);
  const [byPerson, evals, rels] = await Promise.all([
    scoredTasksInPeriod(db, ids, period),
    db.query<EvaluationRow>(`${evalSelect} WHERE period = $1 AND person_id = ANY($2::int[])`, [period, ids]),
    relations(db, actor, ids),
  ]);
  const evalBy = new Map(evals.map((e) => [e.person_id, e]));
  const scored = people.map((p) => {
    const e = evalBy.get(p.id);
    const { manual, source } = manualInForce(e);
    const score = scorePerson(frame, {
      tasks: byPerson.get(p.id) ?? [],
      manual,
      disqualifying: e?.disqualifying ?? [],
    });
    return { person: p, evaluation: e ?? null, score, scoreSource: source };
  });
  const quota = applyQuota(
    frame,
    scored.map((s) => ({
      personId: s.person.id,
      name: s.person.full_name,
      group:
        frame.quota?.scope === 'unit_task_group'
          ? `${s.person.org_unit}/${s.person.task_group}`
          : s.person.org_unit,
      total: s.score.total,
      band: s.score.band,
      resultsPoints: s.score.components.find((c) => c.key === 'results')?.points ?? 0,
      deductions: s.score.deductions,
    })),
  );
  const rows = scored
    .map((s) => {
      const q = quota.get(s.person.id)!;
      return { ...s, quota: q, band: q.band, abilities: abilitiesOf(rels.get(s.person.id)!) };
    })
    .filter((r) => !opts.checkAccess || r.abilities['staff.read']);
  return { frame, rows };
}

async function loadEval(db: Db, personId: number, period: string): Promise<EvaluationRow | undefined> {
  return (
    await db.query<EvaluationRow>(`${evalSelect} WHERE person_id = $1 AND period = $2`, [personId, period])
  )[0];
}

function checkManual(frame: StaffFrame, manual: Record<string, number | null | undefined>): Manual {
  const out: Manual = {};
  for (const [k, v] of Object.entries(manual)) {
    if (v === null || v === undefined) continue;
    const c = frame.components.find((x) => x.key === k && x.kind === 'manual');
    if (!c)
      throw new AppError('INVALID_INPUT', `Khung ${frame.id} không có thành phần chấm tay "${k}"`, [
        { field: k, message: 'không có trong khung' },
      ]);
    if (!(v >= 0 && v <= c.max))
      throw new AppError('INVALID_INPUT', `${c.name}: điểm ${v} ngoài khoảng 0–${c.max}`, [
        { field: k, value: String(v), message: `0–${c.max}` },
      ]);
    out[k] = v;
  }
  return out;
}

function changed(before: Manual | null | undefined, after: Manual): string[] {
  if (!before) return [];
  return Object.keys(after).filter((k) => before[k] !== undefined && before[k] !== after[k]);
}

function requireReason(keys: string[], reason: string | null | undefined, who: string) {
  if (keys.length > 0 && !reason?.trim())
    throw new AppError(
      'REASON_REQUIRED',
      `Thay đổi điểm đề xuất (${keys.join(', ')}) cần ghi lý do (${who})`,
      keys.map((k) => ({ field: k, message: 'cần lý do' })),
    );
}

/** Step 1: the person proposes the manual points (e.g. the general criteria) and a note. */
export async function selfAssess(
  db: Db,
  actor: Actor,
  personId: number,
  period: string,
  manual: Record<string, number | null>,
  note?: string | null,
) {
  await requireStaffAbility(db, actor, 'self', [personId]);
  const frame = await frameFor(db, period);
  const m = checkManual(frame, manual);
  const e = await loadEval(db, personId, period);
  if (e && e.state !== 'draft' && e.state !== 'self_assessed')
    throw new AppError(
      'STAFF_WRONG_STATE',
      'Đánh giá đã được người quản lý xem xét, không tự đánh giá lại được',
    );
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO staff_evaluations (person_id, period, frame_id, state, self_manual, self_note) VALUES ($1, $2, $3, 'self_assessed', $4, $5)
       ON CONFLICT (person_id, period) DO UPDATE SET state = 'self_assessed', self_manual = excluded.self_manual, self_note = excluded.self_note, updated_at = now()`,
      [personId, period, frame.id, JSON.stringify(m), note ?? null],
    );
    await recordEvent(tx, {
      type: 'staff.self_assessed',
      actor,
      data: { person_id: personId, period, manual: m, note: note ?? null },
    });
  });
}

/** Step 2: the assigner / direct manager scores; a change of the self-proposed points needs a reason. */
export async function review(
  db: Db,
  actor: Actor,
  personId: number,
  period: string,
  input: { manual: Record<string, number | null>; disqualifying?: string[]; reason?: string | null },
) {
  await requireStaffAbility(db, actor, 'staff.rate', [personId]);
  const frame = await frameFor(db, period);
  const m = checkManual(frame, input.manual);
  for (const d of input.disqualifying ?? [])
    if (!frame.disqualifying.some((x) => x.code === d))
      throw new AppError('INVALID_INPUT', `Khung ${frame.id} không có trường hợp "${d}"`, [
        { field: 'disqualifying', value: d, message: 'không có trong khung' },
      ]);
  const e = await loadEval(db, personId, period);
  if (e?.state === 'approved') throw new AppError('STAFF_WRONG_STATE', 'Đánh giá đã được phê duyệt');
  const keys = changed(e?.self_manual, m);
  requireReason(keys, input.reason, 'người quản lý');
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO staff_evaluations (person_id, period, frame_id, state, manager_manual, manager_reason, disqualifying) VALUES ($1, $2, $3, 'reviewed', $4, $5, $6)
       ON CONFLICT (person_id, period) DO UPDATE SET state = 'reviewed', manager_manual = excluded.manager_manual,
         manager_reason = excluded.manager_reason, disqualifying = excluded.disqualifying, updated_at = now()`,
      [personId, period, frame.id, JSON.stringify(m), input.reason ?? null, input.disqualifying ?? []],
    );
    await recordEvent(tx, {
      type: keys.length > 0 ? 'staff.score_changed' : 'staff.reviewed',
      actor,
      data: {
        person_id: personId,
        period,
        step: 'manager',
        from: e?.self_manual ?? null,
        to: m,
        reason: input.reason ?? null,
        disqualifying: input.disqualifying ?? [],
      },
    });
  });
}

/**
 * Step 3: the head decides for people of one node (batch approval), optionally changing the
 * manager's points with a reason; the quota is applied and the explained result stored.
 */
export async function approve(
  db: Db,
  actor: Actor,
  unit: string,
  period: string,
  personIds: number[],
  changes: Record<number, { manual: Record<string, number | null>; reason: string }> = {},
) {
  if (personIds.length === 0) throw new AppError('INVALID_INPUT', 'Chưa chọn cán bộ để phê duyệt');
  await requireStaffAbility(db, actor, 'staff.approve', personIds);
  const frame = await frameFor(db, period);
  return db.transaction(async (tx) => {
    for (const id of personIds) {
      const e = await loadEval(tx, id, period);
      if (!e || (e.state !== 'reviewed' && e.state !== 'approved'))
        throw new AppError('STAFF_WRONG_STATE', `Cán bộ ${id} chưa được người quản lý đánh giá`, [
          { field: 'person_id', value: String(id), message: 'chưa qua bước quản lý' },
        ]);
      const ch = changes[id];
      if (ch) {
        const m = checkManual(frame, ch.manual);
        const keys = changed(e.manager_manual, m);
        requireReason(keys, ch.reason, 'thủ trưởng');
        await tx.query(
          'UPDATE staff_evaluations SET final_manual = $3, head_reason = $4 WHERE person_id = $1 AND period = $2',
          [id, period, JSON.stringify(m), ch.reason],
        );
        if (keys.length > 0)
          await recordEvent(tx, {
            type: 'staff.score_changed',
            actor,
            data: { person_id: id, period, step: 'head', from: e.manager_manual, to: m, reason: ch.reason },
          });
      }
    }
    const { rows } = await evaluateUnit(tx, actor, unit, period);
    const chosen = new Set(personIds);
    const missing = personIds.filter((id) => !rows.some((r) => r.person.id === id));
    if (missing.length > 0)
      throw new AppError('INVALID_INPUT', `Cán bộ ${missing.join(', ')} không thuộc đơn vị ${unit}`);
    const out = [];
    for (const r of rows.filter((x) => chosen.has(x.person.id))) {
      if (r.score.total === null)
        throw new AppError('INVALID_INPUT', `${r.person.full_name}: chưa đủ điểm để phê duyệt`, [
          { field: 'person_id', value: String(r.person.id), message: 'thiếu điểm' },
        ]);
      await tx.query(
        `UPDATE staff_evaluations SET state = 'approved', total = $3, band = $4, proposed_band = $5, quota_reason = $6, explanation = $7, updated_at = now()
          WHERE person_id = $1 AND period = $2`,
        [
          r.person.id,
          period,
          r.score.total,
          r.band,
          r.score.band,
          r.quota.reason,
          JSON.stringify(r.score.lines),
        ],
      );
      await recordEvent(tx, {
        type: 'staff.approved',
        actor,
        data: {
          person_id: r.person.id,
          period,
          total: r.score.total,
          band: r.band,
          proposed_band: r.score.band,
          quota_reason: r.quota.reason,
        },
      });
      out.push({ person_id: r.person.id, total: r.score.total, band: r.band, quota_reason: r.quota.reason });
    }
    return out;
  });
}

/** The person comments on an approved result. */
export async function comment(db: Db, actor: Actor, personId: number, period: string, text: string) {
  await requireStaffAbility(db, actor, 'self', [personId]);
  const e = await loadEval(db, personId, period);
  if (e?.state !== 'approved')
    throw new AppError('STAFF_WRONG_STATE', 'Chỉ ý kiến được về kết quả đã phê duyệt');
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE staff_evaluations SET person_comment = $3, updated_at = now() WHERE person_id = $1 AND period = $2',
      [personId, period, text],
    );
    await recordEvent(tx, { type: 'staff.commented', actor, data: { person_id: personId, period, text } });
  });
}

/** One person's period: tasks, the explained score, the workflow state, the quota, what the caller may do. */
export async function personPeriod(db: Db, actor: Actor, personId: number, period: string) {
  const person = await getPerson(db, personId);
  const rels = await relations(db, actor, [personId]);
  const abilities = abilitiesOf(rels.get(personId)!);
  if (!abilities['staff.read']) await requireStaffAbility(db, actor, 'staff.read', [personId]);
  // The quota depends on the person's whole node and task group.
  const { frame, rows } = await evaluateUnit(db, actor, person.org_unit, period, {
    people: (await peopleUnder(db, person.org_unit)).filter((p) => p.org_unit === person.org_unit),
  });
  const row = rows.find((r) => r.person.id === personId)!;
  const tasks = await tasksInPeriod(db, [personId], period);
  return {
    person,
    period,
    frame: frameSummary(frame),
    tasks,
    evaluation: row.evaluation,
    score: row.score,
    score_source: row.scoreSource,
    quota: row.quota,
    band: row.evaluation?.state === 'approved' ? row.evaluation.band : row.band,
    abilities,
  };
}

export function frameSummary(frame: StaffFrame) {
  return {
    id: frame.id,
    name: frame.name,
    total_max: frame.total_max,
    components: frame.components.map((c) => ({
      key: c.key,
      kind: c.kind,
      name: c.name,
      max: c.max,
      criteria: c.kind === 'manual' ? c.criteria.map((x) => x.name) : [],
    })),
    bands: frame.bands,
    disqualifying: frame.disqualifying,
    quota: frame.quota,
    unverified: unverifiedParts(frame),
  };
}

/**
 * Months of a quarter or year rolled up from approved monthly results, for everyone in the
 * person's node; the quota is applied again to the rolled-up results of the group.
 */
export async function personRollUp(db: Db, actor: Actor, personId: number, period: string) {
  await requireStaffAbility(db, actor, 'staff.read', [personId]);
  const [from, to] = periodRange(period);
  const person = await getPerson(db, personId);
  const people = (await peopleUnder(db, person.org_unit)).filter((p) => p.org_unit === person.org_unit);
  const rows = await db.query<{
    person_id: number;
    period: string;
    total: number | null;
    band: string | null;
    disqualifying: string[];
  }>(
    `SELECT person_id, period, total::float8 AS total, band, disqualifying FROM staff_evaluations
      WHERE person_id = ANY($1::int[]) AND state = 'approved' AND period ~ '^[0-9]{4}-[0-9]{2}$'
        AND (period || '-01') BETWEEN $2 AND $3 ORDER BY period`,
    [people.map((p) => p.id), from, to],
  );
  const frame = await frameFor(db, period);
  const rolled = people.map((p) => ({
    person: p,
    r: rollUp(
      frame,
      rows
        .filter((x) => x.person_id === p.id)
        .map((x) => ({
          period: x.period,
          total: x.total,
          band: x.band,
          disqualified: x.disqualifying.length > 0,
        })),
    ),
  }));
  const quota = applyQuota(
    frame,
    rolled.map(({ person: p, r }) => ({
      personId: p.id,
      name: p.full_name,
      group: frame.quota?.scope === 'unit_task_group' ? `${p.org_unit}/${p.task_group}` : p.org_unit,
      total: r.total,
      band: r.band,
      resultsPoints: null,
      deductions: 0,
    })),
  );
  const mine = rolled.find((x) => x.person.id === personId)!;
  const q = quota.get(personId)!;
  return {
    period,
    total: mine.r.total,
    band: q.band,
    score_band: mine.r.band,
    text: mine.r.text,
    quota_reason: q.reason,
  };
}

/**
 * Band distribution of approved results per month in a unit's subtree, and a flag when nearly
 * everyone sits in the two top bands. The flag's threshold is the system's warning level, not a legal rule.
 */
export const topBandsWarningPct = 90;
export async function unitDistribution(db: Db, actor: Actor, unit: string, from: string, to: string) {
  const people = await peopleUnder(db, unit);
  const rels = await relations(
    db,
    actor,
    people.map((p) => p.id),
  );
  if (!isStaffAdmin(actor) && !people.some((p) => rels.get(p.id)!.head))
    throw new AppError('FORBIDDEN', `Tài khoản ${actor.username} không xem được xếp loại của đơn vị ${unit}`);
  const rows = await db.query<{ period: string; frame_id: string; band: string; n: number }>(
    `SELECT period, frame_id, band, count(*)::int AS n FROM staff_evaluations
      WHERE state = 'approved' AND person_id = ANY($1::int[]) AND period BETWEEN $2 AND $3
      GROUP BY period, frame_id, band ORDER BY period`,
    [people.map((p) => p.id), from, to],
  );
  const periods = new Map<
    string,
    {
      period: string;
      frame_id: string;
      counts: Record<string, number>;
      total: number;
      top_share: number;
      flagged: boolean;
    }
  >();
  for (const r of rows) {
    const p = periods.get(r.period) ?? {
      period: r.period,
      frame_id: r.frame_id,
      counts: {},
      total: 0,
      top_share: 0,
      flagged: false,
    };
    p.counts[r.band] = r.n;
    p.total += r.n;
    periods.set(r.period, p);
  }
  for (const p of periods.values()) {
    const frame = requireStaffFrame(p.frame_id);
    const top2 = frame.bands.slice(0, 2).map((b) => b.code);
    const n = top2.reduce((s, b) => s + (p.counts[b] ?? 0), 0);
    p.top_share = p.total ? Math.round((n / p.total) * 1000) / 10 : 0;
    p.flagged = p.total > 0 && p.top_share >= topBandsWarningPct;
  }
  return { unit, warning_pct: topBandsWarningPct, periods: [...periods.values()] };
}
